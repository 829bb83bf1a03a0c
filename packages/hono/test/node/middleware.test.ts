import { inspect } from "node:util";
import { type AuthServer, type FaultServer, type ProtectedApi, startAuthServer, startFaultServer, startProtectedApi } from "@occ/dev-server";
import { NETWORK_ERROR, OAUTH_ERROR, OccError } from "@occ/core";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { clientCredentials, type Env } from "../../src/index.ts";

let auth: AuthServer;
let api: ProtectedApi;
let faults: FaultServer;

beforeAll(async () => {
  auth = await startAuthServer();
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
  faults = await startFaultServer();
});
afterAll(async () => {
  await Promise.all([auth?.close(), api?.close(), faults?.close()]);
});
beforeEach(() => auth.resetCounters());

const SECRET = "never-show-me s3cr+t/:%&=";

function dataApp(options: Parameters<typeof clientCredentials>[0], settings?: Parameters<typeof clientCredentials>[1]) {
  return new Hono<Env>()
    .use(clientCredentials(options, settings))
    .get("/data", async (c) => {
      const res = await c.var.occ.fetch(`${api.url}/data`);
      return c.json((await res.json()) as object, res.status as 200);
    })
    .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }))
    .get("/health", (c) => c.text("ok"));
}

describe("on Node with app.request()", () => {
  it("gives each route a working client and fetches one token for many requests", async () => {
    const { clientId, clientSecret } = auth.clients.basic;
    const app = dataApp({ tokenUrl: auth.tokenUrl, clientId, clientSecret });
    const first = await app.request("/data");
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, client_id: clientId });
    const second = await app.request("/data");
    expect(second.status).toBe(200);
    expect(auth.tokenRequests()).toBe(1);
    expect(api.requests()).toBeGreaterThanOrEqual(2);
  });

  it("shares one token request between concurrent first requests", async () => {
    const { clientId, clientSecret } = auth.clients.simple;
    const app = new Hono()
      .use(clientCredentials<{ Bindings: { ID: string } }>((c) => ({ tokenUrl: auth.tokenUrl, clientId: c.env.ID, clientSecret })))
      .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }));
    const responses = await Promise.all(Array.from({ length: 5 }, () => app.request("/token", {}, { ID: clientId })));
    const tokens = await Promise.all(responses.map(async (r) => ((await r.json()) as { token: string }).token));
    expect(new Set(tokens).size).toBe(1);
    expect(auth.tokenRequests()).toBe(1);
  });

  it("costs nothing on routes that do not use the client", async () => {
    const app = dataApp({ tokenUrl: auth.tokenUrl, ...pick(auth.clients.post) });
    expect(await (await app.request("/health")).text()).toBe("ok");
    expect(auth.tokenRequests()).toBe(0);
  });

  it("builds options from c.env and keeps one client per configuration", async () => {
    type Bindings = { TOKEN_URL: string; CLIENT_ID: string; CLIENT_SECRET: string };
    const app = new Hono<{ Bindings: Bindings } & Env>()
      .use(
        clientCredentials<{ Bindings: Bindings }>((c) => ({
          tokenUrl: c.env.TOKEN_URL,
          clientId: c.env.CLIENT_ID,
          clientSecret: c.env.CLIENT_SECRET,
          authMethod: "client_secret_post",
        })),
      )
      .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }));
    const post: Bindings = { TOKEN_URL: auth.tokenUrl, CLIENT_ID: auth.clients.post.clientId, CLIENT_SECRET: auth.clients.post.clientSecret };
    const aud: Bindings = { ...post, CLIENT_ID: auth.clients.audience.clientId, CLIENT_SECRET: auth.clients.audience.clientSecret };

    const tokens = [];
    for (const env of [post, aud, post, aud]) tokens.push(((await (await app.request("/token", {}, env)).json()) as { token: string }).token);
    expect(tokens[0]).toBe(tokens[2]);
    expect(tokens[1]).toBe(tokens[3]);
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(auth.tokenRequests()).toBe(2);
  });

  it("replaces the client when the secret changes", async () => {
    const app = new Hono<{ Bindings: { SECRET: string } } & Env>()
      .use(clientCredentials<{ Bindings: { SECRET: string } }>((c) => ({ tokenUrl: auth.tokenUrl, clientId: auth.clients.basic.clientId, clientSecret: c.env.SECRET })))
      .get("/token", async (c) => c.json({ token: (await c.var.occ.getToken()).accessToken }));
    expect((await app.request("/token", {}, { SECRET: "rotated-away" })).status).toBe(502);
    expect((await app.request("/token", {}, { SECRET: auth.clients.basic.clientSecret })).status).toBe(200);
  });

  it("answers 502 with a generic body when the authorization server refuses", async () => {
    const app = dataApp({ tokenUrl: auth.tokenUrl, clientId: auth.clients.basic.clientId, clientSecret: SECRET });
    const res = await app.request("/data");
    expect(res.status).toBe(502);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: "bad_gateway", message: expect.any(String) });
    expect(body).not.toContain(SECRET);
    expect(body).not.toMatch(/invalid_client|at .*\.ts/);
  });

  it("answers 503 when the authorization server is unreachable or failing", async () => {
    const unreachable = dataApp({ tokenUrl: "http://127.0.0.1:9/token", clientId: "id", clientSecret: SECRET, retries: 0 });
    const failing = dataApp({ tokenUrl: `${faults.url}/error-html/hono-503`, clientId: "id", clientSecret: SECRET, retries: 0 });
    for (const app of [unreachable, failing]) {
      const res = await app.request("/token");
      expect(res.status).toBe(503);
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ error: "service_unavailable" });
      expect(body).not.toContain(SECRET);
    }
  });

  it("refreshes in the background on Node, where there is no execution context", async () => {
    const id = `node-refresh-${Date.now()}`;
    let offset = 0;
    const app = dataApp({ tokenUrl: `${faults.url}/ok/${id}?ttl=300`, clientId: "id", clientSecret: SECRET, now: () => Date.now() + offset });
    const token = async () => ((await (await app.request("/token")).json()) as { token: string }).token;
    expect(await token()).toBe("tok-1");
    offset = 250_000;
    expect(await token()).toBe("tok-1");
    await vi.waitFor(() => expect(faults.count("ok", id)).toBe(2), { timeout: 10_000 });
    expect(await token()).toBe("tok-2");
  });

  it("lets onError shape the response", async () => {
    const seen: OccError[] = [];
    const app = dataApp(
      { tokenUrl: `${faults.url}/oauth-error/hono-on-error`, clientId: "id", clientSecret: SECRET },
      {
        onError: (err, c) => {
          seen.push(err);
          return c.text(`custom ${err.code}`, 599 as 500);
        },
      },
    );
    const res = await app.request("/token");
    expect(res.status).toBe(599);
    expect(await res.text()).toBe(`custom ${OAUTH_ERROR}`);
    expect(seen).toHaveLength(1);
  });

  it("shows app.onError an HTTPException caused by the OccError", async () => {
    let caught: unknown;
    const app = dataApp({ tokenUrl: `http://127.0.0.1:9/token`, clientId: "id", clientSecret: SECRET, retries: 0 });
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

function pick(client: { clientId: string; clientSecret: string; authMethod: "client_secret_basic" | "client_secret_post" }) {
  return { clientId: client.clientId, clientSecret: client.clientSecret, authMethod: client.authMethod };
}
