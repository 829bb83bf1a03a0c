/**
 * DPoP (RFC 9449) on the dev servers: oidc-provider binds tokens to the proof key, and the protected API verifies
 * proofs. Proofs here are made with jose, independently of the client library under test elsewhere.
 */
import { createHash } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from "jose";
import type { CryptoKey as JoseKey, JWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startAuthServer, startProtectedApi } from "../src/index.ts";
import type { AuthServer, ProtectedApi } from "../src/index.ts";
import { basicHeader, jwtPayload, tokenRequest } from "./helpers.ts";

const bound = { clientId: "occ:dpop", clientSecret: "dpop-secret", authMethod: "client_secret_basic", scope: "read:data write:data", dpopBound: true } as const;
let auth: AuthServer;
let api: ProtectedApi;

interface ProofKey {
  privateKey: JoseKey;
  jwk: JWK;
}

async function proofKey(): Promise<ProofKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { privateKey, jwk: await exportJWK(publicKey) };
}

async function proof(key: ProofKey, method: string, url: string, claims: Record<string, unknown> = {}, typ = "dpop+jwt"): Promise<string> {
  return new SignJWT({ jti: crypto.randomUUID(), htm: method, htu: url, iat: Math.floor(Date.now() / 1000), ...claims })
    .setProtectedHeader({ typ, alg: "ES256", jwk: key.jwk })
    .sign(key.privateKey);
}

const ath = (token: string) => createHash("sha256").update(token).digest("base64url");

async function dpopToken(key: ProofKey, nonce?: string): Promise<{ status: number; body: any; headers: Headers }> {
  const dpop = await proof(key, "POST", auth.tokenUrl, nonce === undefined ? {} : { nonce });
  return tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader(bound.clientId, bound.clientSecret), dpop });
}

function call(path: string, headers: Record<string, string>, method = "GET"): Promise<Response> {
  return fetch(`${api.url}${path}`, { method, headers: { ...headers, "content-type": "application/json" }, body: method === "POST" ? "{}" : undefined });
}

beforeAll(async () => {
  auth = await startAuthServer({ clients: [bound] });
  api = await startProtectedApi({ issuer: auth.issuer, jwksUrl: auth.jwksUrl });
});
afterEach(() => {
  auth.requireDpopNonce(false);
  api.requireDpopNonce(false);
});
afterAll(async () => {
  await api.close();
  await auth.close();
});

describe("oidc-provider with DPoP", () => {
  it("issues a DPoP token bound to the proof key (token_type DPoP, cnf.jkt)", async () => {
    const key = await proofKey();
    const res = await dpopToken(key);
    expect(res.status).toBe(200);
    expect(res.body.token_type).toBe("DPoP");
    expect(jwtPayload(res.body.access_token).cnf).toEqual({ jkt: await calculateJwkThumbprint(key.jwk) });
  });

  it("refuses a dpop_bound_access_tokens client without a proof", async () => {
    // The client is told only "grant request is invalid"; the provider's event says why.
    const reasons: string[] = [];
    const onError = (_ctx: unknown, error: { error_detail?: string }) => reasons.push(error.error_detail ?? "");
    auth.provider.on("grant.error", onError);
    const res = await tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader(bound.clientId, bound.clientSecret) });
    auth.provider.off("grant.error", onError);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("invalid_grant");
    expect(reasons).toEqual([expect.stringMatching(/DPoP/)]);
  });

  it("asks for a nonce when required: 400 use_dpop_nonce with DPoP-Nonce, then accepts it", async () => {
    auth.requireDpopNonce(true);
    const key = await proofKey();
    const challenge = await dpopToken(key);
    expect(challenge.status).toBe(400);
    expect(challenge.body.error).toBe("use_dpop_nonce");
    const nonce = challenge.headers.get("dpop-nonce");
    expect(nonce).toMatch(/^[\w-]+$/);
    expect((await dpopToken(key, nonce!)).status).toBe(200);
  });
});

describe("protected API DPoP verification", () => {
  let key: ProofKey;
  let token: string;
  const url = () => `${api.url}/data`;
  beforeAll(async () => {
    key = await proofKey();
    token = (await dpopToken(key)).body.access_token;
  });

  it("accepts a proof with htm, htu, ath for the bound key, and refuses the same proof again (jti replay)", async () => {
    const headers = { authorization: `DPoP ${token}`, dpop: await proof(key, "GET", url(), { ath: ath(token) }) };
    const ok = await call("/data", headers);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, client_id: bound.clientId });
    const replay = await call("/data", headers);
    expect(replay.status).toBe(401);
    expect(replay.headers.get("www-authenticate")).toMatch(/^DPoP error="invalid_dpop_proof", error_description="DPoP proof replayed/);
  });

  it("ignores the query in htu, as RFC 9449 says", async () => {
    const dpop = await proof(key, "GET", url(), { ath: ath(token) });
    expect((await call("/data?page=2", { authorization: `DPoP ${token}`, dpop })).status).toBe(200);
  });

  it.each([
    ["a proof for another method", () => proof(key, "POST", url(), { ath: ath(token) }), /htm does not match/],
    ["a proof for another URL", () => proof(key, "GET", `${api.url}/public`, { ath: ath(token) }), /htu does not match/],
    ["a proof without ath", () => proof(key, "GET", url()), /ath does not match/],
    ["a proof for another token", () => proof(key, "GET", url(), { ath: ath(`${token}x`) }), /ath does not match/],
    ["a proof from ten minutes ago", () => proof(key, "GET", url(), { ath: ath(token), iat: Math.floor(Date.now() / 1000) - 600 }), /iat is missing or outside/],
    ["a proof whose typ is JWT", () => proof(key, "GET", url(), { ath: ath(token) }, "JWT"), /proof rejected: .*typ/],
    ["a proof with a broken signature", async () => `${(await proof(key, "GET", url(), { ath: ath(token) })).slice(0, -6)}AAAAAA`, /proof rejected: signature/],
  ])("refuses %s (401 invalid_dpop_proof)", async (_name, makeProof, description) => {
    const res = await call("/data", { authorization: `DPoP ${token}`, dpop: await makeProof() });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^DPoP error="invalid_dpop_proof"/);
    expect(((await res.json()) as any).error_description).toMatch(description);
  });

  it("refuses a missing proof, and a proof made by another key than the token's (cnf.jkt)", async () => {
    const missing = await call("/data", { authorization: `DPoP ${token}` });
    expect(((await missing.json()) as any).error_description).toBe("missing DPoP proof");
    const other = await proofKey();
    const res = await call("/data", { authorization: `DPoP ${token}`, dpop: await proof(other, "GET", url(), { ath: ath(token) }) });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^DPoP error="invalid_token", error_description="the access token is bound to another key/);
  });

  it("refuses a DPoP-bound token sent as Bearer, and a Bearer token sent as DPoP", async () => {
    expect((await call("/data", { authorization: `Bearer ${token}` })).status).toBe(401);
    const bearer = (await tokenRequest(auth.tokenUrl, {}, { authorization: basicHeader("occ-simple", "occ-simple-secret") })).body.access_token;
    const res = await call("/data", { authorization: `DPoP ${bearer}`, dpop: await proof(key, "GET", url(), { ath: ath(bearer) }) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error_description).toMatch(/not DPoP-bound/);
  });

  it("challenges for its nonce when required (401 use_dpop_nonce + DPoP-Nonce), then accepts it", async () => {
    api.requireDpopNonce(true);
    const first = await call("/data", { authorization: `DPoP ${token}`, dpop: await proof(key, "POST", url(), { ath: ath(token) }) }, "POST");
    expect(first.status).toBe(401);
    expect(first.headers.get("www-authenticate")).toMatch(/^DPoP error="use_dpop_nonce"/);
    const nonce = first.headers.get("dpop-nonce")!;
    expect(nonce).toMatch(/^[\w-]{22}$/);
    const second = await call("/data", { authorization: `DPoP ${token}`, dpop: await proof(key, "POST", url(), { ath: ath(token), nonce }) }, "POST");
    expect(second.status).toBe(200);
    api.requireDpopNonce(true);
    const stale = await call("/data", { authorization: `DPoP ${token}`, dpop: await proof(key, "POST", url(), { ath: ath(token), nonce }) }, "POST");
    expect(stale.status).toBe(401);
    expect(stale.headers.get("dpop-nonce")).not.toBe(nonce);
  });
});
