/** What a private key, checked at creation, is known to be — before Web Crypto has seen it. */
import type { KeyType, SigningAlg } from "./algorithms.js";

/** The public members of a key that its RFC 7638 thumbprint covers. */
export type PublicJwk =
  | { kty: "RSA"; n: string; e: string }
  | { kty: "EC"; crv: "P-256"; x: string; y: string }
  | { kty: "OKP"; crv: "Ed25519"; x: string };

/** A private key's type and what could be read from it synchronously. */
export interface KeyInfo {
  keyType: KeyType;
  /** The public key, when the encoding carries it (JWKs and RSA always; EC and Ed25519 PKCS#8 only sometimes). */
  publicJwk?: PublicJwk;
  /** The RSA modulus size in bits. */
  rsaBits?: number;
  /** An algorithm the key is bound to: a JWK's `alg`, or a CryptoKey's algorithm. */
  boundAlg?: SigningAlg;
  /** A JWK's own `kid`. */
  kid?: string;
}

/** The number of significant bits of a big-endian unsigned integer. */
export function bitLength(bytes: Uint8Array): number {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const top = bytes[start];
  return top === undefined ? 0 : (bytes.length - start - 1) * 8 + (32 - Math.clz32(top));
}
