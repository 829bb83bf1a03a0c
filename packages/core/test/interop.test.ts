/** Against a real, certified authorization server: oidc-provider, in process on loopback. */
import { startAuthServer, startProtectedApi, type AuthServer, type ProtectedApi } from "@occ/dev-server";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, discover, OAuthError, type OccEvent } from "../src/index.ts";

let as: AuthServer;
let api: ProtectedApi;
beforeAll(async () => {
  as = await startAuthServer();
  api = await startProtectedApi({ issuer: as.issuer, jwksUrl: as.jwksUrl });
});
afterAll(async () => {
  await api?.close();
  await as?.close();
});

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString());
}

describe("interop with oidc-provider", () => {
  it.each(["basic", "post"] as const)("client_secret_%s with a secret full of reserved characters", async (name) => {
    const demo = as.clients[name];
    expect(demo.clientSecret).toMatch(/[+/:%&=~!*'() ]/);
    const client = createClient({
      tokenUrl: as.tokenUrl,
      clientId: demo.clientId,
      clientSecret: demo.clientSecret,
      authMethod: demo.authMethod,
      scope: ["read:data"],
    });
    const token = await client.getToken();
    expect(token.tokenType).toBe("Bearer");
    expect(claims(token.accessToken)).toMatchObject({ client_id: demo.clientId, scope: "read:data" });
    expect(token.expiresAt).toBeGreaterThan(Date.now() + 200_000);
    expect(token.scope).toBe("read:data");
  });

  it("discovers the token endpoint from the issuer, with and without RFC 8414 metadata", async () => {
    const events: OccEvent[] = [];
    const demo = as.clients.basic;
    const client = createClient({ tokenUrl: discover(as.issuer), clientId: demo.clientId, clientSecret: demo.clientSecret, onEvent: (e) => events.push(e) });
    await client.getToken();
    expect(events.find((e) => e.type === "discovered")).toMatchObject({ tokenUrl: as.tokenUrl });

    const oidcOnly = await startAuthServer({ oauthMetadata: false });
    try {
      const c = createClient({ tokenUrl: discover(oidcOnly.issuer), clientId: demo.clientId, clientSecret: demo.clientSecret });
      await expect(c.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
    } finally {
      await oidcOnly.close();
    }
  });

  it("sends resource indicators and audience, which become the token's aud", async () => {
    const demo = as.clients.audience;
    const resource = createClient({ tokenUrl: as.tokenUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, authMethod: "client_secret_post", resource: "https://api.example/" });
    expect(claims((await resource.getToken()).accessToken).aud).toBe("https://api.example/");
    const audience = createClient({ tokenUrl: as.tokenUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, authMethod: "client_secret_post", audience: "https://other.example/" });
    expect(claims((await audience.getToken()).accessToken).aud).toBe("https://other.example/");
  });

  it("a wrong secret is an OAuthError invalid_client that does not contain the secret", async () => {
    const wrong = "wr0ng+/:%&=~!*'() secret";
    const client = createClient({ tokenUrl: as.tokenUrl, clientId: as.clients.basic.clientId, clientSecret: wrong });
    const error = await client.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: "invalid_client", status: 401 });
    for (const text of [String(error), (error as Error).stack, inspect(error, { depth: 10 }), JSON.stringify(error), inspect(client)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(encodeURIComponent(wrong));
    }
  });

  it("the wrong-secret error names the endpoint, the client and the method, and says what to check", async () => {
    const client = createClient({ tokenUrl: as.tokenUrl, clientId: as.clients.simple.clientId, clientSecret: "wrong-but-plain" });
    const error = (await client.getToken().catch((e: unknown) => e)) as Error;
    expect(error.message).toContain(as.tokenUrl);
    expect(error.message).toContain(`"${as.clients.simple.clientId}"`);
    expect(error.message).toContain("client_secret_basic");
    expect(error.message).toContain("check the client id and secret");
  });

  it("secret rotation: the second secret of the list works after one extra request, and is kept", async () => {
    as.resetCounters();
    const demo = as.clients.simple;
    const events: OccEvent[] = [];
    const client = createClient({
      tokenUrl: as.tokenUrl,
      clientId: demo.clientId,
      clientSecret: ["the-new-secret-not-yet-registered", demo.clientSecret],
      onEvent: (e) => events.push(e),
    });
    await client.getToken();
    expect(as.tokenRequests()).toBe(2);
    expect(events.find((e) => e.type === "credentials_switched")).toMatchObject({ secretIndex: 1, method: "client_secret_basic" });
    expect(JSON.stringify(events)).not.toContain(demo.clientSecret);
    await client.getToken({ forceRefresh: true });
    expect(as.tokenRequests()).toBe(3);
  });

  it("an invalid scope is an OAuthError invalid_scope, not retried", async () => {
    as.resetCounters();
    const demo = as.clients.readOnly;
    const client = createClient({ tokenUrl: as.tokenUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, scope: "write:data" });
    await expect(client.getToken()).rejects.toMatchObject({ error: "invalid_scope" });
    expect(as.tokenRequests()).toBe(1);
  });

  it("client.fetch calls the protected API with a token it accepts, one token for many calls", async () => {
    as.resetCounters();
    const demo = as.clients.basic;
    const client = createClient({ tokenUrl: as.tokenUrl, clientId: demo.clientId, clientSecret: demo.clientSecret, scope: "read:data" });
    for (let i = 0; i < 5; i++) {
      const response = await client.fetch(`${api.url}/data`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true });
    }
    expect(as.tokenRequests()).toBe(1);
    api.rejectNext(1);
    expect((await client.fetch(`${api.url}/data`)).status).toBe(200);
    expect(as.tokenRequests()).toBe(2);
  });
});
