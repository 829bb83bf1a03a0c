/**
 * DPoP end to end through the real `createClient({ dpop: await dpopKey() })`: a DPoP-bound token from oidc-provider,
 * and `client.fetch` calls to the protected API, which verifies every proof with jose.
 */
import { createClient, type Client } from "@occ/core";
import { startAuthServer, startProtectedApi, type AuthServer, type DemoClient, type ProtectedApi } from "@occ/dev-server";
import { decodeJwt } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dpopKey, privateKeyJwt, type DPoPKey } from "../src/index.ts";
import { ALGS, testKey } from "./keys.ts";

const bound: DemoClient = { clientId: "occ:dpop", clientSecret: "dpop-secret", authMethod: "client_secret_basic", scope: "read:data write:data", dpopBound: true };
const keyClient: DemoClient = { clientId: "occ:dpop-key", authMethod: "private_key_jwt", scope: "read:data", dpopBound: true, jwks: { keys: [testKey("ES256").publicJwk] } };

let auth: AuthServer;
let api: ProtectedApi;
beforeAll(async () => {
  auth = await startAuthServer({ clients: [bound, keyClient] });
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterEach(() => {
  auth.requireDpopNonce(false);
  api.requireDpopNonce(false);
  auth.resetCounters();
  api.resetCounters();
});
afterAll(async () => {
  await api.close();
  await auth.close();
});

function client(key: DPoPKey): Client {
  return createClient({ tokenUrl: auth.tokenUrl, clientId: bound.clientId, clientSecret: bound.clientSecret!, dpop: key, retries: 0 });
}

describe("tokens bound to the key", () => {
  it.each(ALGS)("%s: token_type DPoP and cnf.jkt = the key's thumbprint", async (alg) => {
    const key = await dpopKey({ alg });
    const token = await client(key).getToken();
    expect(token.tokenType).toBe("DPoP");
    expect(decodeJwt(token.accessToken).cnf).toEqual({ jkt: key.thumbprint });
  });

  it("with private_key_jwt client authentication on the same request", async () => {
    const key = await dpopKey({ key: testKey("EdDSA").pem });
    const dpopClient = createClient({
      tokenUrl: auth.tokenUrl,
      clientId: keyClient.clientId,
      authMethod: "private_key_jwt",
      clientAssertion: privateKeyJwt(testKey("ES256").pem),
      dpop: key,
    });
    expect(decodeJwt((await dpopClient.getToken()).accessToken)).toMatchObject({ client_id: keyClient.clientId, cnf: { jkt: key.thumbprint } });
  });

  it("answers the token endpoint's nonce challenge in one retry, then reuses the nonce", async () => {
    auth.requireDpopNonce(true);
    const occ = client(await dpopKey());
    expect((await occ.getToken()).tokenType).toBe("DPoP");
    expect(auth.tokenRequests()).toBe(2);
    await occ.getToken({ forceRefresh: true });
    expect(auth.tokenRequests()).toBe(3);
  });
});

describe("client.fetch through the protected API's DPoP verifier", () => {
  it("GET and POST with proofs the API accepts (htm, htu, ath, jkt, fresh jti each time)", async () => {
    const occ = client(await dpopKey());
    for (let i = 0; i < 3; i++) {
      const response = await occ.fetch(`${api.url}/data?page=${i}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, client_id: bound.clientId });
    }
    const post = await occ.fetch(`${api.url}/data`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ n: 1 }) });
    expect(await post.json()).toMatchObject({ ok: true, received: { n: 1 } });
    expect(api.requests()).toBe(4);
  });

  it("answers the API's nonce challenge in one retry, body included, then reuses the nonce", async () => {
    api.requireDpopNonce(true);
    const occ = client(await dpopKey());
    const body = new Blob([JSON.stringify({ streamed: true })]).stream();
    const init = { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit;
    const first = await occ.fetch(`${api.url}/data`, init);
    expect(await first.json()).toMatchObject({ ok: true, received: { streamed: true } });
    expect(api.requests()).toBe(2);
    expect((await occ.fetch(`${api.url}/data`)).status).toBe(200);
    expect(api.requests()).toBe(3);
  });

  it("a request replayed by someone who saw it on the wire is refused (jti replay)", async () => {
    const sent: Request[] = [];
    const key = await dpopKey();
    const recording: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      sent.push(request.clone());
      return globalThis.fetch(request);
    };
    const occ = createClient({ tokenUrl: auth.tokenUrl, clientId: bound.clientId, clientSecret: bound.clientSecret!, dpop: key, fetch: recording });
    expect((await occ.fetch(`${api.url}/data`)).status).toBe(200);
    const captured = sent.find((request) => request.url === `${api.url}/data`)!;
    expect(captured.headers.get("authorization")).toMatch(/^DPoP /);
    const replay = await fetch(captured);
    expect(replay.status).toBe(401);
    expect(replay.headers.get("www-authenticate")).toMatch(/^DPoP error="invalid_dpop_proof", error_description="DPoP proof replayed/);
  });

  it("a token stolen from one key cannot be used with another key's proofs", async () => {
    const token = await client(await dpopKey()).getToken();
    const thief = await dpopKey();
    const response = await thief.wrapFetch(globalThis.fetch)(`${api.url}/data`, { headers: { authorization: `DPoP ${token.accessToken}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/error="invalid_token", error_description="the access token is bound to another key/);
  });
});
