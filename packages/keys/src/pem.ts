/**
 * PEM (RFC 7468) to DER for private keys. Only unencrypted PKCS#8 (`-----BEGIN PRIVATE KEY-----`) is what Web Crypto
 * imports; every other label gets an error that says how to convert the key.
 */
import { fromBase64 } from "./base64url.js";
import { invalidKey } from "./errors.js";

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END ([A-Z0-9 ]+)-----/g;

const TO_PKCS8 = "convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out pkcs8.pem`";

/** Why a PEM block with this label is not a key we can sign with. */
function refusal(label: string): string {
  switch (label) {
    case "RSA PRIVATE KEY":
    case "EC PRIVATE KEY":
      return `the PEM is a ${label === "RSA PRIVATE KEY" ? "PKCS#1 RSA" : "SEC1 EC"} key, but Web Crypto imports PKCS#8 only: ${TO_PKCS8}`;
    case "ENCRYPTED PRIVATE KEY":
      return `the PEM is an encrypted private key; decrypt it first: ${TO_PKCS8}`;
    case "PUBLIC KEY":
    case "RSA PUBLIC KEY":
      return "the PEM is a public key; signing needs the private key (-----BEGIN PRIVATE KEY-----)";
    case "CERTIFICATE":
      return "the PEM is a certificate; signing needs the private key (-----BEGIN PRIVATE KEY-----)";
    default:
      return "the PEM holds no -----BEGIN PRIVATE KEY----- block";
  }
}

/** The DER bytes of the one PKCS#8 private key in `pem`; throws `OCC_INVALID_KEY` otherwise. */
export function pkcs8FromPem(where: string, pem: string): Uint8Array<ArrayBuffer> {
  const blocks = [...pem.matchAll(BLOCK)];
  const keys = blocks.filter((block) => block[1] === "PRIVATE KEY");
  if (keys.length > 1) throw invalidKey(where, "the PEM holds more than one private key; pass one");
  const key = keys[0];
  if (!key) {
    const label = blocks[0]?.[1];
    throw invalidKey(where, label === undefined ? "the PEM has no complete -----BEGIN …----- / -----END …----- block" : refusal(label));
  }
  if (key[3] !== "PRIVATE KEY") throw invalidKey(where, "the PEM block's BEGIN and END labels differ");
  const der = fromBase64(key[2]!.replace(/\s+/g, ""));
  if (!der || der.length === 0) throw invalidKey(where, "the PEM body is not valid base64");
  return der;
}
