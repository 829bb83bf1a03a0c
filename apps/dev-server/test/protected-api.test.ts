import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoClients, startAuthServer, startProtectedApi } from "../src/index.ts";
import type { AuthServer, ProtectedApi } from "../src/index.ts";
import { basicHeader, jwtPayload, tokenRequest } from "./helpers.ts";

let auth: AuthServer;
let api: ProtectedApi;

async function token(client: { clientId: string; clientSecret: string } = demoClients.basic, params: Record<string, string> = {}, server = auth): Promise<string> {
  const res = await tokenRequest(server.tokenUrl, params, { authorization: basicHeader(client.clientId, client.clientSecret) });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

function get(path: string, bearer?: string, base = api.url): Promise<Response> {
  return fetch(`${base}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
}

beforeAll(async () => {
  auth = await startAuthServer();
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterAll(async () => {
  await api.close();
  await auth.close();
});

describe("startProtectedApi", () => {
  it("accepts a token from the auth server on GET /data", async () => {
    const res = await get("/data", await token());
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ ok: true, sub: demoClients.basic.clientId, scope: "read:data write:data" });
    expect(Array.isArray(body.data)).toBe(true);
  });

  it("accepts a client_secret_post token too, and echoes JSON on POST /data", async () => {
    const p = demoClients.post;
    const t = (await tokenRequest(auth.tokenUrl, { client_id: p.clientId, client_secret: p.clientSecret })).body.access_token;
    const res = await fetch(`${api.url}/data`, {
      method: "POST",
      headers: { authorization: `Bearer ${t}`, "content-type": "application/json" },
      body: JSON.stringify({ hello: "wörld", n: 1 }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).received).toEqual({ hello: "wörld", n: 1 });
  });

  it("serves /public without a token", async () => {
    const res = await get("/public");
    expect(res.status).toBe(200);
  });

  it("answers 401 invalid_token without a token", async () => {
    const res = await get("/data");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
  });

  it("answers 401 invalid_token for a tampered token", async () => {
    const [h, p, s] = (await token()).split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    claims.scope = "read:data write:data admin";
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${s}`;
    const res = await get("/data", forged);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    const badSig = await get("/data", `${h}.${p}.${s!.slice(0, -4)}AAAA`);
    expect(badSig.status).toBe(401);
    expect((await get("/data", "not-a-jwt")).status).toBe(401);
  });

  it("answers 401 for a token with the wrong audience or issuer", async () => {
    const wrongAud = await token(demoClients.basic, { resource: "https://elsewhere.example" });
    expect((await get("/data", wrongAud)).status).toBe(401);
    const other = await startAuthServer();
    try {
      expect((await get("/data", await token(demoClients.basic, {}, other))).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it("checks aud against a custom audience", async () => {
    const api2 = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl, audience: "https://custom.example" });
    try {
      const t = await token(demoClients.basic, { resource: "https://custom.example" });
      expect((await get("/data", t, api2.url)).status).toBe(200);
      expect((await get("/data", await token(), api2.url)).status).toBe(401);
    } finally {
      await api2.close();
    }
  });

  it("answers 401 for an expired token (short ttl)", async () => {
    // ttl 2 (not 1): a 1 s token issued at x.999 may already be expired at (x+1).0.
    const shortAuth = await startAuthServer({ accessTokenTtl: 2 });
    const shortApi = await startProtectedApi({ issuer: shortAuth.issuer, jwksUrl: shortAuth.jwksUrl });
    try {
      const t = await token(demoClients.simple, {}, shortAuth);
      expect((await get("/data", t, shortApi.url)).status).toBe(200);
      const { exp } = jwtPayload(t);
      await new Promise((r) => setTimeout(r, Math.max(0, exp * 1000 - Date.now()) + 50));
      const res = await get("/data", t, shortApi.url);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
      expect(((await res.json()) as any).error_description).toMatch(/exp/);
    } finally {
      await shortApi.close();
      await shortAuth.close();
    }
  });

  it("answers 403 insufficient_scope when the scope is missing", async () => {
    const readOnly = await token(demoClients.readOnly);
    expect((await get("/data", readOnly)).status).toBe(200);
    const res = await fetch(`${api.url}/data`, {
      method: "POST",
      headers: { authorization: `Bearer ${readOnly}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe('Bearer error="insufficient_scope", scope="write:data"');
    const writeOnly = await token(demoClients.basic, { scope: "write:data" });
    expect((await get("/data", writeOnly)).status).toBe(403);
  });

  it("rejectNext(n) rejects the next n valid tokens, then accepts again", async () => {
    const t = await token();
    api.rejectNext(2);
    expect((await get("/data", t)).status).toBe(401);
    expect((await get("/data", t)).status).toBe(401);
    expect((await get("/data", t)).status).toBe(200);
  });

  it("counts requests", async () => {
    api.resetCounters();
    await get("/public");
    await get("/data");
    expect(api.requests()).toBe(2);
  });
});
