import { inspect } from "node:util";
import { NETWORK_ERROR, OAUTH_ERROR, OccError } from "@occ/core";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it, vi } from "vitest";
import {
  type ClientCredentialsEnv,
  clientCredentials,
  type ClientCredentialsSettings,
  type HonoClientOptions,
  type HonoClientOptionsFactory,
} from "../../src/index.ts";
import { useServers } from "./servers.ts";

const servers = useServers();
const SECRET = "never-show-me s3cr+t/:%&=";

// Failures are logged by default; these tests look at responses, failure-log.test.ts at the log.
const quiet = { onEvent: () => {} };

function dataApp(options: HonoClientOptions | HonoClientOptionsFactory, settings?: ClientCredentialsSettings) {
  return new Hono<ClientCredentialsEnv>()
    .use(clientCredentials(options, settings))
    .get("/data", async (c) => {
      const res = await c.var.occ.fetch(`${servers.api.url}/data`);
      return c.json((await res.json()) as object, res.status as 200);
    })
    .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }))
    .get("/health", (c) => c.text("ok"));
}

const tokenOf = async (res: Response) => ((await res.json()) as { token: string }).token;

describe("one client per configuration", () => {
  it("gives each route a working client and fetches one token for many requests", async () => {
    const { clientId, clientSecret } = servers.auth.clients.basic;
    const app = dataApp({ tokenUrl: servers.auth.tokenUrl, clientId, clientSecret });
    for (let i = 0; i < 2; i++) {
      const res = await app.request("/data");
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, client_id: clientId });
    }
    expect(servers.auth.tokenRequests()).toBe(1);
    expect(servers.api.requests()).toBe(2);
  });

  it("makes exactly 1 token request for 20 requests with inline per-request options", async () => {
    const { clientId, clientSecret } = servers.auth.clients.simple;
    const seen: string[] = [];
    // New objects and new functions on every request, as inline options are written.
    const app = dataApp(() => ({
      tokenUrl: servers.auth.tokenUrl,
      clientId,
      clientSecret,
      scope: ["read:data"],
      fetch: (input, init) => fetch(input, init),
      onEvent: (event) => seen.push(event.type),
    }));
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => app.request("/token")));
    const sequential = [];
    for (let i = 0; i < 10; i++) sequential.push(await app.request("/token"));
    const tokens = await Promise.all([...concurrent, ...sequential].map(tokenOf));
    expect(new Set(tokens).size).toBe(1);
    expect(servers.auth.tokenRequests()).toBe(1);
    expect(seen.filter((type) => type === "token_fetched")).toHaveLength(1);
  });

  it("gets a new client, and a new token, when the secret is rotated", async () => {
    const id = `hono-rotation-${Date.now()}`;
    const clientId = "rotating-client";
    servers.faults.setCredentials(id, { clientId, clientSecrets: ["secret-one"] });
    let secret = "secret-one";
    const app = dataApp(() => ({ tokenUrl: `${servers.faults.url}/secrets/${id}`, clientId, clientSecret: secret, ...quiet }));
    expect(await tokenOf(await app.request("/token"))).toBe("tok-1");
    expect(await tokenOf(await app.request("/token"))).toBe("tok-1");
    // The server now accepts only the new secret: the old secret's token must not be served under it.
    servers.faults.setCredentials(id, { clientId, clientSecrets: ["secret-two"] });
    secret = "secret-two";
    expect(await tokenOf(await app.request("/token"))).toBe("tok-2");
    expect(await tokenOf(await app.request("/token"))).toBe("tok-2");
    expect(servers.faults.count("secrets", id)).toBe(2);
  });

  it("keeps one client per configuration built from c.env", async () => {
    type Bindings = { CLIENT_ID: string; CLIENT_SECRET: string };
    const app = new Hono<{ Bindings: Bindings } & ClientCredentialsEnv>()
      .use(
        clientCredentials<{ Bindings: Bindings }>((c) => ({
          tokenUrl: servers.auth.tokenUrl,
          clientId: c.env.CLIENT_ID,
          clientSecret: c.env.CLIENT_SECRET,
          authMethod: "client_secret_post",
        })),
      )
      .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }));
    const { post: p, audience: a } = servers.auth.clients;
    const post: Bindings = { CLIENT_ID: p.clientId, CLIENT_SECRET: p.clientSecret };
    const aud: Bindings = { CLIENT_ID: a.clientId, CLIENT_SECRET: a.clientSecret };
    const tokens = [];
    for (const env of [post, aud, post, aud]) tokens.push(await tokenOf(await app.request("/token", {}, env)));
    expect(tokens[0]).toBe(tokens[2]);
    expect(tokens[1]).toBe(tokens[3]);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(servers.auth.tokenRequests()).toBe(2);
  });

  it("costs nothing on routes that do not use the client", async () => {
    const { clientId, clientSecret } = servers.auth.clients.post;
    const app = dataApp({ tokenUrl: servers.auth.tokenUrl, clientId, clientSecret });
    expect(await (await app.request("/health")).text()).toBe("ok");
    expect(servers.auth.tokenRequests()).toBe(0);
  });

  it("refreshes in the background on Node, where there is no execution context", async () => {
    const id = `node-refresh-${Date.now()}`;
    let offset = 0;
    const app = dataApp({ tokenUrl: `${servers.faults.url}/ok/${id}?ttl=300`, clientId: "id", clientSecret: SECRET, now: () => Date.now() + offset });
    expect(await tokenOf(await app.request("/token"))).toBe("tok-1");
    offset = 250_000;
    expect(await tokenOf(await app.request("/token"))).toBe("tok-1");
    await vi.waitFor(() => expect(servers.faults.count("ok", id)).toBe(2), { timeout: 10_000 });
    expect(await tokenOf(await app.request("/token"))).toBe("tok-2");
  });
});

describe("when no token can be had", () => {
  it("answers 502 with a generic body when the authorization server refuses", async () => {
    const app = dataApp({ tokenUrl: servers.auth.tokenUrl, clientId: servers.auth.clients.basic.clientId, clientSecret: SECRET, ...quiet });
    const res = await app.request("/data");
    expect(res.status).toBe(502);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: "bad_gateway", message: expect.any(String) });
    expect(body).not.toContain(SECRET);
    expect(body).not.toMatch(/invalid_client|at .*\.ts/);
  });

  it("answers 503 when the authorization server is unreachable or failing", async () => {
    const unreachable = dataApp({ tokenUrl: "http://127.0.0.1:9/token", clientId: "id", clientSecret: SECRET, retries: 0, ...quiet });
    const failing = dataApp({ tokenUrl: `${servers.faults.url}/error-html/hono-503`, clientId: "id", clientSecret: SECRET, retries: 0, ...quiet });
    for (const app of [unreachable, failing]) {
      const res = await app.request("/token");
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ error: "service_unavailable" });
      expect(body).not.toContain(SECRET);
    }
  });

  it("lets onError shape the response", async () => {
    const seen: OccError[] = [];
    const onError: ClientCredentialsSettings["onError"] = (err, c) => {
      seen.push(err);
      return c.text(`custom ${err.code}`, 599 as 500);
    };
    const app = dataApp({ tokenUrl: `${servers.faults.url}/oauth-error/hono-on-error`, clientId: "id", clientSecret: SECRET, ...quiet }, { onError });
    const res = await app.request("/token");
    expect(res.status).toBe(599);
    expect(await res.text()).toBe(`custom ${OAUTH_ERROR}`);
    expect(seen).toHaveLength(1);
  });

  it("shows app.onError an HTTPException caused by the OccError", async () => {
    let caught: unknown;
    const app = dataApp({ tokenUrl: "http://127.0.0.1:9/token", clientId: "id", clientSecret: SECRET, retries: 0, ...quiet });
    app.onError((err, c) => {
      caught = err;
      return c.text("handled", 500);
    });
    expect(await (await app.request("/token")).text()).toBe("handled");
    expect(caught).toBeInstanceOf(HTTPException);
    const cause = (caught as HTTPException).cause;
    expect(cause).toBeInstanceOf(OccError);
    expect((cause as OccError).code).toBe(NETWORK_ERROR);
    for (const text of [inspect(caught, { depth: 10, showHidden: true }), JSON.stringify(caught), String((caught as Error).stack)]) {
      expect(text).not.toContain(SECRET);
    }
  });
});
