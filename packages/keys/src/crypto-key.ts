/**
 * Checks a Web Crypto `CryptoKey` given as a signing key: a private key of a supported algorithm. (Web Crypto gives
 * private keys of these algorithms no usage but "sign", and never none, so usages need no check.)
 */
import type { SigningAlg } from "./algorithms.js";
import { invalidKey } from "./errors.js";
import type { KeyInfo } from "./key-info.js";

/** Whether `value` is a `CryptoKey`: by class, or by shape for one made in another realm (a `vm` context, an iframe). */
export function isCryptoKey(value: unknown): value is CryptoKey {
  if (typeof CryptoKey === "function" && value instanceof CryptoKey) return true;
  const key = value as Partial<CryptoKey> | null;
  return typeof key === "object" && key !== null && typeof key.type === "string" && typeof key.algorithm === "object" && Array.isArray(key.usages);
}

function algOf(where: string, algorithm: KeyAlgorithm): SigningAlg {
  const hash = (algorithm as RsaHashedKeyAlgorithm).hash?.name;
  const curve = (algorithm as EcKeyAlgorithm).namedCurve;
  switch (algorithm.name) {
    case "RSASSA-PKCS1-v1_5":
    case "RSA-PSS":
      if (hash !== "SHA-256") throw invalidKey(where, `the CryptoKey uses ${hash ?? "no hash"}; RS256 and PS256 need SHA-256`);
      return algorithm.name === "RSA-PSS" ? "PS256" : "RS256";
    case "ECDSA":
      if (curve !== "P-256") throw invalidKey(where, `the CryptoKey's curve is ${curve ?? "unknown"}; ES256 needs P-256`);
      return "ES256";
    case "Ed25519":
      return "EdDSA";
    default:
      throw invalidKey(where, `the CryptoKey's algorithm ${algorithm.name} cannot sign JWTs here; use RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA P-256 or Ed25519`);
  }
}

/** What `key` is; throws `OCC_INVALID_KEY` when it is not a private key this package can sign with. */
export function cryptoKeyInfo(where: string, key: CryptoKey): KeyInfo {
  if (key.type === "secret") throw invalidKey(where, "the CryptoKey is a symmetric (secret) key; for HMAC use clientSecretJwt");
  if (key.type !== "private") throw invalidKey(where, "the CryptoKey is a public key; signing needs the private key");
  const alg = algOf(where, key.algorithm);
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  const keyType = alg === "ES256" ? "EC P-256" : alg === "EdDSA" ? "Ed25519" : "RSA";
  return keyType === "RSA" ? { keyType, boundAlg: alg, rsaBits: bits } : { keyType, boundAlg: alg };
}
