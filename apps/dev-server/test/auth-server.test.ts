import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_AUDIENCE, demoClients, startAuthServer } from "../src/index.ts";
import type { AuthServer } from "../src/index.ts";
import { basicHeader, jwtHeader, jwtPayload, rawBasicHeader, tokenRequest } from "./helpers.ts";

let auth: AuthServer;

beforeAll(async () => {
  auth = await startAuthServer();
});
afterAll(async () => {
  await auth.close();
});

describe("startAuthServer", () => {
  it("listens on an ephemeral loopback port with an http issuer", () => {
    expect(auth.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(auth.issuer).not.toMatch(/:0$/);
    expect(auth.tokenUrl).toBe(`${auth.issuer}/token`);
    expect(auth.clients).toBe(demoClients);
  });

  it("serves OIDC discovery and RFC 8414 metadata", async () => {
    const res = await fetch(auth.discoveryUrl);
    expect(res.status).toBe(200);
    const meta = (await res.json()) as Record<string, any>;
    expect(meta.issuer).toBe(auth.issuer);
    expect(meta.token_endpoint).toBe(auth.tokenUrl);
    expect(meta.jwks_uri).toBe(auth.jwksUrl);
    expect(meta.grant_types_supported).toContain("client_credentials");
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
    );
    expect(meta.scopes_supported).toEqual(expect.arrayContaining(["read:data", "write:data"]));
    const rfc8414 = await fetch(auth.oauthMetadataUrl);
    expect(rfc8414.status).toBe(200);
    expect(((await rfc8414.json()) as any).token_endpoint).toBe(auth.tokenUrl);
  });

  it("can hide RFC 8414 metadata (404) to exercise discovery fallback", async () => {
    const other = await startAuthServer({ oauthMetadata: false });
    try {
      expect((await fetch(other.oauthMetadataUrl)).status).toBe(404);
      expect((await fetch(other.discoveryUrl)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("issues a JWT for client_secret_basic with RFC 6749 §2.3.1 form-encoded credentials", async () => {
    const c = demoClients.basic;
    expect(c.clientId).toContain(":");
    for (const ch of ["+", "/", ":", "%", "&", "=", "~", "!", "*", "'", "(", ")", " "]) {
      expect(c.clientSecret).toContain(ch);
    }
    const res = await tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader(c.clientId, c.clientSecret) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: "Bearer", expires_in: 300, scope: "read:data write:data" });
    const token = res.body.access_token as string;
    expect(token.split(".")).toHaveLength(3);
    expect(jwtHeader(token)).toMatchObject({ alg: "RS256", typ: "at+jwt" });
    const claims = jwtPayload(token);
    expect(claims).toMatchObject({ iss: auth.issuer, aud: DEFAULT_AUDIENCE, client_id: c.clientId, sub: c.clientId });
    expect(claims.exp - claims.iat).toBe(300);
  });

  it("publishes the signing key on the JWKS endpoint", async () => {
    const res = await tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader(demoClients.simple.clientId, demoClients.simple.clientSecret) });
    const { kid } = jwtHeader(res.body.access_token);
    const jwks = (await (await fetch(auth.jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.map((k) => k.kid)).toContain(kid);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });

  it("issues a JWT for client_secret_post", async () => {
    const c = demoClients.post;
    const res = await tokenRequest(auth.tokenUrl, { client_id: c.clientId, client_secret: c.clientSecret, scope: "read:data" });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe("read:data");
    expect(jwtPayload(res.body.access_token)).toMatchObject({ client_id: c.clientId, scope: "read:data" });
  });

  describe("client_secret_basic decoding (oidc-provider)", () => {
    const c = demoClients.basic;

    it("rejects credentials that were not form-urlencoded before base64", async () => {
      // The raw demo secret contains "%&=", a malformed escape → 400 invalid_request.
      const res = await tokenRequest(auth.tokenUrl, {}, { authorization: rawBasicHeader(`${c.clientId}:${c.clientSecret}`) });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_request");
      // Raw id "occ:read-only" splits at its own ':' → unknown client "occ" → 401 invalid_client.
      const r = demoClients.readOnly;
      const split = await tokenRequest(auth.tokenUrl, {}, { authorization: rawBasicHeader(`${r.clientId}:${r.clientSecret}`) });
      expect(split.status).toBe(401);
      expect(split.body.error).toBe("invalid_client");
      // Raw spaces survive decoding (decodeURIComponent leaves them alone).
      const spaces = await tokenRequest(auth.tokenUrl, {}, { authorization: rawBasicHeader(`${encodeURIComponent(r.clientId)}:read only %2B secret`) });
      expect(spaces.status).toBe(200);
    });

    it("decodes '+' as a space and accepts %20 as well", async () => {
      const r = demoClients.readOnly; // secret "read only + secret"
      const plus = `${encodeURIComponent(r.clientId)}:${"read+only+%2B+secret"}`;
      const pct = `${encodeURIComponent(r.clientId)}:${encodeURIComponent(r.clientSecret)}`;
      expect((await tokenRequest(auth.tokenUrl, {}, { authorization: rawBasicHeader(plus) })).status).toBe(200);
      expect((await tokenRequest(auth.tokenUrl, {}, { authorization: rawBasicHeader(pct) })).status).toBe(200);
      // A literal '+' that is not encoded as %2B is read as a space → wrong secret.
      const literal = `${encodeURIComponent(r.clientId)}:read%20only%20+%20secret`;
      const res = await tokenRequest(auth.tokenUrl, {}, { authorization: rawBasicHeader(literal) });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("invalid_client");
      expect(res.headers.get("www-authenticate")).toMatch(/^Basic /);
    });

    it("answers 400 invalid_request for malformed percent-encoding", async () => {
      const res = await tokenRequest(auth.tokenUrl, {}, { authorization: rawBasicHeader(`${encodeURIComponent(c.clientId)}:bad%zz`) });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_request");
    });

    it("rejects non-ASCII (non-VSCHAR) credentials after decoding", async () => {
      const res = await tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader(c.clientId, "ünï") });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_request");
    });

    it("rejects a wrong secret with 401 invalid_client", async () => {
      const res = await tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader(c.clientId, "nope") });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("invalid_client");
    });
  });

  it("maps RFC 8707 resource and Auth0-style audience onto aud", async () => {
    const c = demoClients.audience;
    const creds = { client_id: c.clientId, client_secret: c.clientSecret };
    const viaResource = await tokenRequest(auth.tokenUrl, { ...creds, resource: "https://api.example.com/v1" });
    expect(viaResource.status).toBe(200);
    expect(jwtPayload(viaResource.body.access_token).aud).toBe("https://api.example.com/v1");
    expect(viaResource.body.scope).toBe("read:data write:data");
    const viaAudience = await tokenRequest(auth.tokenUrl, { ...creds, audience: "urn:example:audience" });
    expect(viaAudience.status).toBe(200);
    expect(jwtPayload(viaAudience.body.access_token).aud).toBe("urn:example:audience");
    const both = await tokenRequest(auth.tokenUrl, { ...creds, audience: "urn:ignored", resource: "https://wins.example" });
    expect(jwtPayload(both.body.access_token).aud).toBe("https://wins.example");
    const invalid = await tokenRequest(auth.tokenUrl, { ...creds, resource: "not a uri" });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe("invalid_target");
  });

  it("enforces the client's allowed scopes", async () => {
    const r = demoClients.readOnly;
    const auth_ = { authorization: basicHeader(r.clientId, r.clientSecret) };
    const def = await tokenRequest(auth.tokenUrl, {}, auth_);
    expect(def.body.scope).toBe("read:data");
    const denied = await tokenRequest(auth.tokenUrl, { scope: "write:data" }, auth_);
    expect(denied.status).toBe(400);
    expect(denied.body.error).toBe("invalid_scope");
  });

  it("counts POSTs to the token endpoint and resets the counter", async () => {
    auth.resetCounters();
    expect(auth.tokenRequests()).toBe(0);
    const c = demoClients.simple;
    await tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader(c.clientId, c.clientSecret) });
    await tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader(c.clientId, "wrong") });
    await fetch(auth.discoveryUrl);
    expect(auth.tokenRequests()).toBe(2);
    auth.resetCounters();
    expect(auth.tokenRequests()).toBe(0);
  });

  it("supports extra clients, ES256 keys and short lifetimes", async () => {
    const other = await startAuthServer({
      accessTokenTtl: 2,
      signingAlg: "ES256",
      clients: [{ clientId: "extra", clientSecret: "extra-secret", authMethod: "client_secret_post", scope: "read:data" }],
    });
    try {
      const res = await tokenRequest(other.tokenUrl, { client_id: "extra", client_secret: "extra-secret" });
      expect(res.status).toBe(200);
      expect(res.body.expires_in).toBe(2);
      expect(jwtHeader(res.body.access_token).alg).toBe("ES256");
      const claims = jwtPayload(res.body.access_token);
      expect(claims.exp - claims.iat).toBe(2);
    } finally {
      await other.close();
    }
  });
});
