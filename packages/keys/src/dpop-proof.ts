/** DPoP proof JWTs (RFC 9449 §4.2). */
import { INVALID_KEY } from "@occ/core";
import type { SigningAlg } from "./algorithms.js";
import { base64url } from "./base64url.js";
import { signJwt } from "./jwt.js";
import type { PublicJwk } from "./key-info.js";

/** The key a proof is signed with, and the public key it carries. */
export interface ProofKey {
  alg: SigningAlg;
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
}

// fetch upper-cases these methods (and sends any other as given), so the proof must do the same.
const NORMALIZED_METHODS = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/** The method as fetch sends it: `htm`. */
export function httpMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/** The target URI without query and fragment (RFC 9449 §4.2): `htu`. */
export function targetUri(url: string | URL): string {
  const target = new URL(url);
  target.search = "";
  target.hash = "";
  return target.href;
}

// A client sends one token for its whole lifetime: hashing it once saves a Web Crypto round trip per request.
let lastHashed: { accessToken: string; ath: Promise<string> } | undefined;

/** base64url(SHA-256(ASCII(access token))): `ath`, binding a proof to the token it is sent with. */
export function accessTokenHash(accessToken: string): Promise<string> {
  if (lastHashed?.accessToken !== accessToken) {
    const ath = crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken)).then((hash) => base64url(new Uint8Array(hash)));
    lastHashed = { accessToken, ath };
  }
  return lastHashed.ath;
}

/** A new proof for one request: fresh `jti` and `iat`, the server's `nonce` when one is known, `ath` with a token. */
export async function signProof(key: ProofKey, method: string, url: string | URL, nonce?: string, accessToken?: string): Promise<string> {
  const header = { typ: "dpop+jwt", alg: key.alg, jwk: key.publicJwk };
  const payload: Record<string, unknown> = {
    jti: crypto.randomUUID(),
    htm: httpMethod(method),
    htu: targetUri(url),
    iat: Math.floor(Date.now() / 1000),
  };
  if (nonce !== undefined) payload.nonce = nonce;
  if (accessToken !== undefined) payload.ath = await accessTokenHash(accessToken);
  return signJwt("dpopKey", key.privateKey, key.alg, header, payload, INVALID_KEY);
}
