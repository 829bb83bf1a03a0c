import { inspect } from "node:util";
import { type AuthServer, type FaultServer, type ProtectedApi, startAuthServer, startFaultServer, startProtectedApi } from "@occ/dev-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createClient, INVALID_OPTIONS, OccError } from "../src/index.ts";

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

function envFor(client: { clientId: string; clientSecret: string; authMethod: string }): Record<string, string> {
  return {
    OAUTH_TOKEN_URL: auth.tokenUrl,
    OAUTH_CLIENT_ID: client.clientId,
    OAUTH_CLIENT_SECRET: client.clientSecret,
    OAUTH_AUTH_METHOD: client.authMethod,
  };
}

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
}

/** Every way an error reaches a log or a response. */
function renderings(err: unknown): string[] {
  const e = err as Error;
  return [e.message, String(e.stack), inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e), String(e)];
}

function thrown(fn: () => unknown): OccError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OccError);
    return err as OccError;
  }
  throw new Error("expected createClient to throw");
}

describe("configuration from the environment only", () => {
  it.each(["basic", "post"] as const)("gets a token for the %s client", async (name) => {
    const demo = auth.clients[name];
    const client = createClient({ env: envFor(demo) });
    const token = await client.getToken();
    expect(token.tokenType).toBe("Bearer");
    expect(claims(token.accessToken).client_id).toBe(demo.clientId);
    expect(await client.getToken()).toEqual(token);
    expect(auth.tokenRequests()).toBe(1);
  });

  it("reads process.env when no env option is given", async () => {
    for (const [name, value] of Object.entries(envFor(auth.clients.basic))) vi.stubEnv(name, value);
    try {
      const token = await createClient().getToken();
      expect(claims(token.accessToken).client_id).toBe(auth.clients.basic.clientId);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("discovers the token endpoint from OAUTH_ISSUER", async () => {
    const { OAUTH_TOKEN_URL: _, ...env } = envFor(auth.clients.simple);
    const token = await createClient({ env: { ...env, OAUTH_ISSUER: auth.issuer } }).getToken();
    expect(claims(token.accessToken).client_id).toBe(auth.clients.simple.clientId);
  });

  it("splits OAUTH_SCOPE on whitespace and sends OAUTH_AUDIENCE", async () => {
    const audience = "https://api.example.test/orders";
    const token = await createClient({
      env: { ...envFor(auth.clients.basic), OAUTH_SCOPE: "  read:data\twrite:data ", OAUTH_AUDIENCE: audience },
    }).getToken();
    const payload = claims(token.accessToken);
    expect(String(payload.scope).split(" ").sort()).toEqual(["read:data", "write:data"]);
    expect(payload.aud).toBe(audience);

    const readOnly = await createClient({ env: { ...envFor(auth.clients.basic), OAUTH_SCOPE: "read:data" } }).getToken();
    expect(claims(readOnly.accessToken).scope).toBe("read:data");
  });

  it("sends every OAUTH_RESOURCE as its own resource parameter", async () => {
    const client = createClient({
      env: {
        OAUTH_TOKEN_URL: `${faults.url}/ok/node-resources`,
        OAUTH_CLIENT_ID: "id",
        OAUTH_CLIENT_SECRET: "secret",
        OAUTH_RESOURCE: "https://a.example.test/ https://b.example.test/",
      },
    });
    await client.getToken();
    const last = (await (await fetch(`${faults.url}/__last/ok/node-resources`)).json()) as { body: string };
    expect(new URLSearchParams(last.body).getAll("resource")).toEqual(["https://a.example.test/", "https://b.example.test/"]);
  });

  it("calls the protected API with the client's fetch", async () => {
    const client = createClient({ env: envFor(auth.clients.post) });
    const res = await client.fetch(`${api.url}/data`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, client_id: auth.clients.post.clientId });
  });
});

describe("explicit options", () => {
  it("win over every environment variable", async () => {
    const demo = auth.clients.post;
    const client = createClient({
      tokenUrl: auth.tokenUrl,
      clientId: demo.clientId,
      clientSecret: demo.clientSecret,
      authMethod: "client_secret_post",
      scope: "read:data",
      env: {
        OAUTH_ISSUER: "http://127.0.0.1:9/unreachable",
        OAUTH_CLIENT_ID: "someone-else",
        OAUTH_CLIENT_SECRET: "wrong secret",
        OAUTH_AUTH_METHOD: "client_secret_basic",
        OAUTH_SCOPE: "write:data",
      },
    });
    const payload = claims((await client.getToken()).accessToken);
    expect(payload.client_id).toBe(demo.clientId);
    expect(payload.scope).toBe("read:data");
  });

  it("fill the gaps the environment leaves", async () => {
    const demo = auth.clients.basic;
    const client = createClient({ clientId: demo.clientId, env: { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_SECRET: demo.clientSecret } });
    expect(claims((await client.getToken()).accessToken).client_id).toBe(demo.clientId);
  });
});

describe("invalid configuration", () => {
  const secret = "hunter2-s3cr+t/:%&=";

  it("names every missing variable in one error", () => {
    const err = thrown(() => createClient({ env: {} }));
    expect(err.code).toBe(INVALID_OPTIONS);
    for (const name of ["OAUTH_TOKEN_URL", "OAUTH_ISSUER", "OAUTH_CLIENT_ID", "OAUTH_CLIENT_SECRET"]) {
      expect(err.message).toContain(name);
    }
  });

  it("treats empty variables as missing", () => {
    const err = thrown(() => createClient({ env: { OAUTH_TOKEN_URL: "", OAUTH_CLIENT_ID: " ", OAUTH_CLIENT_SECRET: secret } }));
    expect(err.message).toContain("OAUTH_TOKEN_URL");
    expect(err.message).toContain("OAUTH_CLIENT_ID");
    expect(err.message).not.toContain("OAUTH_CLIENT_SECRET");
  });

  it("never shows a value, only names", () => {
    const err = thrown(() => createClient({ env: { OAUTH_CLIENT_SECRET: secret, OAUTH_AUTH_METHOD: secret } }));
    expect(err.message).toContain("OAUTH_CLIENT_ID");
    expect(err.message).toContain("OAUTH_AUTH_METHOD");
    for (const text of renderings(err)) expect(text).not.toContain("hunter2");
  });

  it("lists the allowed auth methods", () => {
    const err = thrown(() => createClient({ env: { ...envFor(auth.clients.basic), OAUTH_AUTH_METHOD: "basic" } }));
    expect(err.code).toBe(INVALID_OPTIONS);
    for (const method of ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"]) {
      expect(err.message).toContain(method);
    }
  });

  it("rejects OAUTH_TOKEN_URL together with OAUTH_ISSUER", () => {
    const err = thrown(() => createClient({ env: { ...envFor(auth.clients.basic), OAUTH_ISSUER: auth.issuer } }));
    expect(err.message).toMatch(/only one of OAUTH_TOKEN_URL and OAUTH_ISSUER/);
  });

  it("needs no secret for the none method, and gets a token as a public client", async () => {
    const client = createClient({ env: { OAUTH_TOKEN_URL: auth.tokenUrl, OAUTH_CLIENT_ID: auth.clients.public.clientId, OAUTH_AUTH_METHOD: "none" } });
    const token = await client.getToken();
    expect(claims(token.accessToken).client_id).toBe(auth.clients.public.clientId);
  });
});

it("keeps the secret out of util.inspect and JSON.stringify of the client", () => {
  const demo = auth.clients.basic;
  const client = createClient({ env: envFor(demo) });
  expect(inspect(client)).toContain(demo.clientId);
  for (const text of [inspect(client, { depth: 10, showHidden: true }), JSON.stringify(client) ?? ""]) {
    expect(text).not.toContain(demo.clientSecret);
  }
});
