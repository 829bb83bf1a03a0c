/**
 * private_key_jwt and client_secret_jwt against the real oidc-provider (apps/dev-server), through today's
 * `createClient`: the server verifies the signature with the registered JWKS or secret, the claims, and replays.
 */
import { createClient, OAuthError } from "@occ/core";
import { startAuthServer, type AuthServer, type DemoClient } from "@occ/dev-server";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientSecretJwt, privateKeyJwt, type HmacAlg } from "../src/index.ts";
import { ALGS, testKey } from "./keys.ts";

const SCOPE = "read:data write:data";
const SECRET = "client_secret_jwt secret for the interop tests: 64 characters long.";
const HMAC_ALGS: HmacAlg[] = ["HS256", "HS384", "HS512"];

const keyClients: DemoClient[] = ALGS.map((alg) => ({
  clientId: `occ:key-${alg}`,
  authMethod: "private_key_jwt",
  authSigningAlg: alg,
  scope: SCOPE,
  jwks: { keys: [{ ...testKey(alg).publicJwk, kid: `${alg}-key` }] },
}));
const secretClients: DemoClient[] = HMAC_ALGS.map((alg) => ({
  clientId: `occ:secret-jwt-${alg}`,
  clientSecret: SECRET,
  authMethod: "client_secret_jwt",
  authSigningAlg: alg,
  scope: SCOPE,
}));

let auth: AuthServer;
beforeAll(async () => {
  auth = await startAuthServer({ clients: [...keyClients, ...secretClients] });
});
afterAll(() => auth.close());

describe("private_key_jwt accepted by oidc-provider", () => {
  it.each(ALGS)("%s, from a PEM, with the kid of the registered key", async (alg) => {
    const client = createClient({
      tokenUrl: auth.tokenUrl,
      clientId: `occ:key-${alg}`,
      authMethod: "private_key_jwt",
      clientAssertion: privateKeyJwt(testKey(alg).pem, { alg, kid: `${alg}-key` }),
    });
    const token = await client.getToken();
    expect(token.tokenType).toBe("Bearer");
    expect(decodeJwt(token.accessToken)).toMatchObject({ client_id: `occ:key-${alg}`, scope: SCOPE });
    // A second token needs a second assertion: a fresh jti, so the server's replay check lets it through.
    await expect(client.getToken({ forceRefresh: true })).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it.each(ALGS)("%s, from a JWK without a kid (the server tries every registered key)", async (alg) => {
    const client = createClient({ tokenUrl: auth.tokenUrl, clientId: `occ:key-${alg}`, authMethod: "private_key_jwt", clientAssertion: privateKeyJwt(testKey(alg).jwk, { alg }) });
    await expect(client.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("refuses an assertion signed with another key: OAuthError invalid_client", async () => {
    const client = createClient({
      tokenUrl: auth.tokenUrl,
      clientId: "occ:key-ES256",
      authMethod: "private_key_jwt",
      clientAssertion: privateKeyJwt(testKey("ES256", "not-registered").pem, { kid: "ES256-key" }),
      retries: 0,
    });
    const error = await client.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({ error: "invalid_client", status: 401 });
  });

  it("refuses the same assertion sent twice (jti replay)", async () => {
    const assertion = await privateKeyJwt(testKey("RS256").pem, { kid: "RS256-key" })({ tokenUrl: auth.tokenUrl, clientId: "occ:key-RS256" });
    const client = createClient({ tokenUrl: auth.tokenUrl, clientId: "occ:key-RS256", authMethod: "private_key_jwt", clientAssertion: () => assertion, retries: 0 });
    await expect(client.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
    // The server tells the client only "client authentication failed"; its own event says why.
    const reasons: string[] = [];
    const onError = (_ctx: unknown, error: { error_detail?: string }) => reasons.push(error.error_detail ?? "");
    auth.provider.on("grant.error", onError);
    try {
      const replay = await client.getToken({ forceRefresh: true }).catch((e: unknown) => e);
      expect(replay).toBeInstanceOf(OAuthError);
      expect(replay).toMatchObject({ error: "invalid_client" });
    } finally {
      auth.provider.off("grant.error", onError);
    }
    expect(reasons).toEqual(["client assertion tokens must only be used once"]);
  });

  it("is accepted with the issuer in aud as well (what core sends when it discovered the endpoint)", async () => {
    const assertion = privateKeyJwt(testKey("EdDSA").pem);
    const client = createClient({
      tokenUrl: auth.tokenUrl,
      clientId: "occ:key-EdDSA",
      authMethod: "private_key_jwt",
      clientAssertion: (ctx) => assertion({ ...ctx, issuer: auth.issuer }),
    });
    await expect(client.getToken()).resolves.toMatchObject({ tokenType: "Bearer" });
  });
});

describe("client_secret_jwt accepted by oidc-provider", () => {
  // Today's core has no authMethod "client_secret_jwt" yet; the request is the same as private_key_jwt's
  // (client_assertion + its type), and the server checks it as the client's registered method.
  it.each(HMAC_ALGS)("%s", async (alg) => {
    const client = createClient({ tokenUrl: auth.tokenUrl, clientId: `occ:secret-jwt-${alg}`, authMethod: "private_key_jwt", clientAssertion: clientSecretJwt(SECRET, { alg }) });
    const token = await client.getToken();
    expect(decodeJwt(token.accessToken)).toMatchObject({ client_id: `occ:secret-jwt-${alg}` });
  });

  it("refuses a wrong secret: OAuthError invalid_client", async () => {
    const client = createClient({
      tokenUrl: auth.tokenUrl,
      clientId: "occ:secret-jwt-HS256",
      authMethod: "private_key_jwt",
      clientAssertion: clientSecretJwt(`${SECRET}x`),
      retries: 0,
    });
    await expect(client.getToken()).rejects.toMatchObject({ name: "OAuthError", error: "invalid_client" });
  });
});
