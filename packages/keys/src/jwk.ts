/**
 * Checks a private JWK (RFC 7517, RFC 7518 §6, RFC 8037) before Web Crypto sees it, and keeps only the members
 * Web Crypto needs (an `alg`, `use` or `key_ops` it disagrees with would make the import fail later).
 */
import { isSigningAlg } from "./algorithms.js";
import { fromBase64url } from "./base64url.js";
import { invalidKey } from "./errors.js";
import { bitLength, type KeyInfo } from "./key-info.js";
import { publicMembers } from "./thumbprint.js";

const MEMBERS = { RSA: ["n", "e", "d", "p", "q", "dp", "dq", "qi"], EC: ["crv", "x", "y", "d"], OKP: ["crv", "x", "d"] } as const;

/** A checked private JWK: what it is, and the members to import. */
export interface CheckedJwk {
  info: KeyInfo;
  importJwk: JsonWebKey;
}

function fieldBytes(where: string, jwk: Record<string, unknown>, name: string, size?: number): Uint8Array {
  const value = jwk[name];
  const bytes = typeof value === "string" ? fromBase64url(value) : undefined;
  if (!bytes || bytes.length === 0) throw invalidKey(where, `the JWK's "${name}" is missing or not base64url`);
  if (size !== undefined && bytes.length !== size) throw invalidKey(where, `the JWK's "${name}" must be ${size} bytes`);
  return bytes;
}

function keyType(where: string, jwk: Record<string, unknown>): KeyInfo["keyType"] {
  const { kty, crv } = jwk;
  if (kty === "oct") throw invalidKey(where, 'the JWK is a symmetric key (kty "oct"); for HMAC use clientSecretJwt');
  if (kty === "RSA") return "RSA";
  if (kty === "EC" && crv === "P-256") return "EC P-256";
  if (kty === "OKP" && crv === "Ed25519") return "Ed25519";
  if (kty === "EC" || kty === "OKP") {
    const curve = typeof crv === "string" && /^[\w-]{1,16}$/.test(crv) ? `"${crv}"` : "missing or unknown";
    throw invalidKey(where, `the JWK's curve (crv) is ${curve}; use P-256 (ES256) or Ed25519 (EdDSA)`);
  }
  throw invalidKey(where, 'the JWK\'s "kty" must be "RSA", "EC" or "OKP"');
}

/** Checks `jwk` as a private signing key; throws `OCC_INVALID_KEY` naming the problem (never a value). */
export function checkPrivateJwk(where: string, jwk: Record<string, unknown>): CheckedJwk {
  const type = keyType(where, jwk);
  if (jwk.d === undefined) throw invalidKey(where, 'the JWK is a public key (no "d"); signing needs the private key');
  const kty = jwk.kty as keyof typeof MEMBERS;
  const size = type === "RSA" ? undefined : 32;
  const importJwk: Record<string, unknown> = { kty };
  for (const name of MEMBERS[kty]) {
    if (name !== "crv") fieldBytes(where, jwk, name, name === "e" ? undefined : size);
    importJwk[name] = jwk[name];
  }
  const info: KeyInfo = { keyType: type, publicJwk: publicMembers(importJwk) };
  if (type === "RSA") info.rsaBits = bitLength(fieldBytes(where, jwk, "n"));
  if (jwk.alg !== undefined) {
    if (!isSigningAlg(jwk.alg)) throw invalidKey(where, 'the JWK\'s "alg" is not one of RS256, PS256, ES256, EdDSA');
    info.boundAlg = jwk.alg;
  }
  if (jwk.kid !== undefined) {
    if (typeof jwk.kid !== "string" || jwk.kid === "") throw invalidKey(where, 'the JWK\'s "kid" must be a non-empty string');
    info.kid = jwk.kid;
  }
  return { info, importJwk };
}
