/**
 * `credentialId`s: what tells credentials apart in core's cache and store keys. Public, so they must reveal
 * nothing that helps recover or test guesses of the key or secret.
 */
import { base64url } from "./base64url.js";
import type { CheckedKey } from "./private-key.js";
import { sha256 } from "./sha256.js";
import { jwkThumbprintSync } from "./thumbprint.js";

const encoder = new TextEncoder();

function concat(label: string, bytes: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${label}\0`);
  const all = new Uint8Array(prefix.length + bytes.length);
  all.set(prefix);
  all.set(bytes, prefix.length);
  return all;
}

/**
 * For a private key: `kid:<kid>` when a kid is set, and `jkt:<RFC 7638 thumbprint>` when the public key can be read
 * from the encoding (JWKs, RSA PEMs, most EC PEMs) — the same value the authorization server computes from the
 * registered JWKS. A PEM without its public key (typical for Ed25519) gets `fp:<16 base64url chars>`: 96 bits of a
 * SHA-256 of the PKCS#8 bytes — they identify the key and cannot be reversed; a private key has far more entropy than
 * anyone could search. A `CryptoKey` cannot be read synchronously, so only its `kid` identifies it.
 */
export function keyCredentialId(kid: string | undefined, key: Pick<CheckedKey, "info" | "der">): string | undefined {
  const parts: string[] = [];
  if (kid !== undefined) parts.push(`kid:${kid}`);
  if (key.info.publicJwk) parts.push(`jkt:${jwkThumbprintSync(key.info.publicJwk)}`);
  else if (key.der) parts.push(`fp:${base64url(sha256(concat("occ-keys pkcs8 fingerprint", key.der))).slice(0, 16)}`);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/**
 * For a client secret: `hs:` and 16 bits (4 hex digits) of a SHA-256 of the secret. Enough to tell a rotated secret
 * from the old one (2^-16 chance they collide, and then they only share the same client's tokens), while anyone who
 * reads a store key learns 16 bits: it cannot confirm a guess, only discard 65 535 of every 65 536 wrong ones.
 */
export function secretCredentialId(secret: Uint8Array): string {
  const digest = sha256(concat("occ-keys client_secret_jwt", secret));
  return `hs:${((digest[0]! << 8) | digest[1]!).toString(16).padStart(4, "0")}`;
}
