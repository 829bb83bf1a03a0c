/**
 * A private signing key as the user gives it — a `CryptoKey`, a private JWK (object or JSON text) or a PKCS#8 PEM —
 * checked synchronously and imported into Web Crypto only when first needed.
 */
import { DEFAULT_ALG, isSigningAlg, MIN_RSA_BITS, SIGNING_ALGS, type SigningAlg } from "./algorithms.js";
import { cryptoKeyInfo, isCryptoKey } from "./crypto-key.js";
import { invalidKey } from "./errors.js";
import { checkPrivateJwk } from "./jwk.js";
import type { KeyInfo } from "./key-info.js";
import { pkcs8FromPem } from "./pem.js";
import { pkcs8Info } from "./pkcs8.js";

/** A private key: a `CryptoKey`, a private JWK, or a string holding a PKCS#8 PEM or a JWK's JSON. */
export type PrivateKeyInput = CryptoKey | JsonWebKey | string;

type Source = { kind: "pkcs8"; der: Uint8Array<ArrayBuffer> } | { kind: "jwk"; jwk: JsonWebKey } | { kind: "key"; key: CryptoKey };

/** A checked key and the algorithm it signs with. */
export interface CheckedKey {
  alg: SigningAlg;
  info: KeyInfo;
  /** The PKCS#8 bytes of a PEM key, for a fingerprint when the encoding does not carry the public key. */
  der?: Uint8Array;
  /** Imports the key for `alg` (a given `CryptoKey` is returned as it is). */
  load(extractable: boolean): Promise<CryptoKey>;
}

function parseJwkText(where: string, text: string): JsonWebKey {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the input; it must not reach the error.
    throw invalidKey(where, "the key string starts with { but is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalidKey(where, "the key JSON is not a JWK object");
  return value as JsonWebKey;
}

function inspect(where: string, input: unknown): { source: Source; info: KeyInfo } {
  if (typeof input === "string") {
    const text = input.trim();
    if (text.startsWith("{")) return inspect(where, parseJwkText(where, text));
    if (text.includes("-----BEGIN")) {
      const der = pkcs8FromPem(where, text);
      return { source: { kind: "pkcs8", der }, info: pkcs8Info(where, der) };
    }
    throw invalidKey(where, text === "" ? "the key is empty" : "the key string is neither a PEM (-----BEGIN PRIVATE KEY-----) nor a JWK's JSON");
  }
  if (isCryptoKey(input)) return { source: { kind: "key", key: input }, info: cryptoKeyInfo(where, input) };
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    const { info, importJwk } = checkPrivateJwk(where, input as Record<string, unknown>);
    return { source: { kind: "jwk", jwk: importJwk }, info };
  }
  throw invalidKey(where, "the key must be a CryptoKey, a private JWK, or a PKCS#8 PEM string");
}

/** The algorithm to sign with: the one asked for, else the key's own, else the key type's default. */
function chooseAlg(where: string, info: KeyInfo, requested: unknown): SigningAlg {
  if (requested !== undefined && !isSigningAlg(requested)) {
    const named = typeof requested === "string" && /^[A-Za-z0-9]{1,12}$/.test(requested) ? `alg "${requested}"` : "that alg";
    const hint = typeof requested === "string" && requested.startsWith("HS") ? " (HMAC: use clientSecretJwt)" : "";
    throw invalidKey(where, `${named} is not supported; use RS256, PS256, ES256 or EdDSA${hint}`);
  }
  const alg = requested ?? info.boundAlg ?? DEFAULT_ALG[info.keyType];
  if (SIGNING_ALGS[alg].keyType !== info.keyType) throw invalidKey(where, `alg ${alg} needs a ${SIGNING_ALGS[alg].keyType} key, but the key is ${info.keyType}`);
  if (info.boundAlg !== undefined && info.boundAlg !== alg) throw invalidKey(where, `alg ${alg} differs from the key's own algorithm ${info.boundAlg}`);
  if (info.rsaBits !== undefined && info.rsaBits < MIN_RSA_BITS) {
    throw invalidKey(where, `the RSA key has ${info.rsaBits} bits; ${alg} needs at least ${MIN_RSA_BITS}`);
  }
  return alg;
}

function loader(source: Source, alg: SigningAlg): (extractable: boolean) => Promise<CryptoKey> {
  const params = SIGNING_ALGS[alg].importParams;
  if (source.kind === "key") return async () => source.key;
  if (source.kind === "jwk") return async (extractable) => crypto.subtle.importKey("jwk", source.jwk, params, extractable, ["sign"]);
  return async (extractable) => crypto.subtle.importKey("pkcs8", source.der, params, extractable, ["sign"]);
}

/** Checks `input` and `requestedAlg` for `where`; throws `OCC_INVALID_KEY` for anything it cannot sign with. */
export function checkPrivateKey(where: string, input: unknown, requestedAlg?: unknown): CheckedKey {
  const { source, info } = inspect(where, input);
  const alg = chooseAlg(where, info, requestedAlg);
  const checked: CheckedKey = { alg, info, load: loader(source, alg) };
  if (source.kind === "pkcs8") checked.der = source.der;
  return checked;
}
