/**
 * The JWS algorithms this package signs with (RFC 7518, RFC 8037) and how each maps onto Web Crypto.
 */

/** Asymmetric JWS algorithms for `private_key_jwt` and DPoP proofs. */
export type SigningAlg = "RS256" | "PS256" | "ES256" | "EdDSA";

/** HMAC JWS algorithms for `client_secret_jwt`. */
export type HmacAlg = "HS256" | "HS384" | "HS512";

/** The kinds of private key the asymmetric algorithms take. */
export type KeyType = "RSA" | "EC P-256" | "Ed25519";

interface AlgorithmSpec {
  keyType: KeyType;
  /** For `importKey` and `generateKey`. */
  importParams: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  /** For `sign`. */
  signParams: Algorithm | RsaPssParams | EcdsaParams;
}

/** Every supported asymmetric algorithm. */
export const SIGNING_ALGS: Readonly<Record<SigningAlg, AlgorithmSpec>> = {
  RS256: {
    keyType: "RSA",
    importParams: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    signParams: { name: "RSASSA-PKCS1-v1_5" },
  },
  // RFC 7518 §3.5: the salt is as long as the hash.
  PS256: { keyType: "RSA", importParams: { name: "RSA-PSS", hash: "SHA-256" }, signParams: { name: "RSA-PSS", saltLength: 32 } as RsaPssParams },
  ES256: {
    keyType: "EC P-256",
    importParams: { name: "ECDSA", namedCurve: "P-256" },
    signParams: { name: "ECDSA", hash: "SHA-256" } as EcdsaParams,
  },
  EdDSA: { keyType: "Ed25519", importParams: { name: "Ed25519" }, signParams: { name: "Ed25519" } },
};

/** The algorithm used when none is given: RS256 for RSA (the one every server accepts), the only one otherwise. */
export const DEFAULT_ALG: Readonly<Record<KeyType, SigningAlg>> = { RSA: "RS256", "EC P-256": "ES256", Ed25519: "EdDSA" };

/** Whether `value` names a supported asymmetric algorithm. */
export function isSigningAlg(value: unknown): value is SigningAlg {
  return typeof value === "string" && Object.hasOwn(SIGNING_ALGS, value);
}

/** The hash of each HMAC algorithm, for `importKey`. */
export const HMAC_HASH: Readonly<Record<HmacAlg, string>> = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" };

/** Whether `value` names a supported HMAC algorithm. */
export function isHmacAlg(value: unknown): value is HmacAlg {
  return typeof value === "string" && Object.hasOwn(HMAC_HASH, value);
}

/** RSA keys shorter than this are refused: RFC 7518 §3.3 requires 2048 bits, and servers (jose) enforce it. */
export const MIN_RSA_BITS = 2048;
