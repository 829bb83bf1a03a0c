/** JWK thumbprints (RFC 7638). */
import { base64url } from "./base64url.js";
import { invalidKey } from "./errors.js";
import type { PublicJwk } from "./key-info.js";
import { sha256 } from "./sha256.js";

const encoder = new TextEncoder();

/** The thumbprint input: the required members only, in lexicographic order, no whitespace (RFC 7638 §3.2). */
function thumbprintInput(jwk: PublicJwk): Uint8Array<ArrayBuffer> {
  const members =
    jwk.kty === "RSA"
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === "EC"
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return encoder.encode(JSON.stringify(members));
}

/** The public members of an RSA, P-256 or Ed25519 JWK (private members, if any, are left out). */
export function publicMembers(jwk: JsonWebKey): PublicJwk {
  const { kty, crv, n, e, x, y } = jwk;
  if (kty === "RSA" && typeof n === "string" && typeof e === "string") return { kty, n, e };
  if (kty === "EC" && crv === "P-256" && typeof x === "string" && typeof y === "string") return { kty, crv, x, y };
  if (kty === "OKP" && crv === "Ed25519" && typeof x === "string") return { kty, crv, x };
  throw invalidKey("jwkThumbprint", "the JWK is not an RSA, P-256 or Ed25519 key with its public members");
}

/**
 * The base64url SHA-256 JWK thumbprint (RFC 7638) of an RSA, P-256 or Ed25519 key: the value of a DPoP-bound
 * token's `cnf.jkt` (RFC 9449 §6.1). Private members are ignored, so a private JWK gives its public key's thumbprint.
 */
export async function jwkThumbprint(jwk: JsonWebKey): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", thumbprintInput(publicMembers(jwk)));
  return base64url(new Uint8Array(digest));
}

/** {@link jwkThumbprint}, synchronously, for identifiers needed before any `await`. */
export function jwkThumbprintSync(jwk: PublicJwk): string {
  return base64url(sha256(thumbprintInput(jwk)));
}
