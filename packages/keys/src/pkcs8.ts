/**
 * Reads what a PKCS#8 `OneAsymmetricKey` (RFC 5208, RFC 5958) says about itself — the key algorithm, the curve, the
 * RSA modulus size and, where the encoding carries it, the public key — so a wrong key is refused when the
 * assertion is created, not at the first token request.
 */
import { base64url } from "./base64url.js";
import { bitStringBytes, oidString, readChildren, readElement, TAG, type Tlv, unsignedInteger } from "./der.js";
import { invalidKey } from "./errors.js";
import { bitLength, type KeyInfo } from "./key-info.js";

const OID = {
  rsaEncryption: "1.2.840.113549.1.1.1",
  rsassaPss: "1.2.840.113549.1.1.10",
  ecPublicKey: "1.2.840.10045.2.1",
  p256: "1.2.840.10045.3.1.7",
  p384: "1.3.132.0.34",
  p521: "1.3.132.0.35",
  ed25519: "1.3.101.112",
  x25519: "1.3.101.110",
  ed448: "1.3.101.113",
} as const;

const NAMED: Record<string, string> = {
  [OID.p384]: "P-384",
  [OID.p521]: "P-521",
  [OID.x25519]: "X25519 (a key-agreement key)",
  [OID.ed448]: "Ed448",
  [OID.rsassaPss]: "RSASSA-PSS-restricted RSA (Web Crypto cannot import it; export the key as plain rsaEncryption)",
};

function sequence(tlv: Tlv | undefined): Tlv[] | undefined {
  return tlv?.tag === TAG.SEQUENCE ? readChildren(tlv.contents) : undefined;
}

/** The `[1] publicKey` of a OneAsymmetricKey v2 (RFC 5958), or of an ECPrivateKey (RFC 5915). */
function publicKeyField(fields: Tlv[], tag: number): Uint8Array | undefined {
  const field = fields.find((tlv) => tlv.tag === tag);
  if (!field) return undefined;
  // ECPrivateKey wraps an explicit BIT STRING; OneAsymmetricKey's field is the BIT STRING itself (implicit tag).
  const bits = tag === 0xa1 ? readElement(field.contents) : { tag: TAG.BIT_STRING, contents: field.contents };
  return bits?.tag === TAG.BIT_STRING ? bitStringBytes(bits.contents) : undefined;
}

function rsaInfo(where: string, privateKey: Uint8Array): KeyInfo {
  const fields = sequence(readElement(privateKey));
  const [, n, e] = fields ?? [];
  if (n?.tag !== TAG.INTEGER || e?.tag !== TAG.INTEGER) throw invalidKey(where, "the PKCS#8 RSA key is malformed");
  const modulus = unsignedInteger(n.contents);
  return {
    keyType: "RSA",
    rsaBits: bitLength(modulus),
    publicJwk: { kty: "RSA", n: base64url(modulus), e: base64url(unsignedInteger(e.contents)) },
  };
}

function ecInfo(where: string, privateKey: Uint8Array): KeyInfo {
  const fields = sequence(readElement(privateKey));
  if (fields?.[1]?.tag !== TAG.OCTET_STRING) throw invalidKey(where, "the PKCS#8 EC key is malformed");
  const point = publicKeyField(fields, 0xa1);
  // An uncompressed P-256 point: 0x04, then x and y of 32 bytes each.
  if (point?.length !== 65 || point[0] !== 4) return { keyType: "EC P-256" };
  const x = base64url(point.subarray(1, 33));
  const y = base64url(point.subarray(33));
  return { keyType: "EC P-256", publicJwk: { kty: "EC", crv: "P-256", x, y } };
}

function ed25519Info(where: string, privateKey: Uint8Array, outer: Tlv[]): KeyInfo {
  const seed = readElement(privateKey);
  if (seed?.tag !== TAG.OCTET_STRING || seed.contents.length !== 32) throw invalidKey(where, "the PKCS#8 Ed25519 key is malformed");
  const publicKey = publicKeyField(outer, 0x81);
  return publicKey?.length === 32 ? { keyType: "Ed25519", publicJwk: { kty: "OKP", crv: "Ed25519", x: base64url(publicKey) } } : { keyType: "Ed25519" };
}

/** What the PKCS#8 DER `der` holds; throws `OCC_INVALID_KEY` for anything but an RSA, P-256 or Ed25519 private key. */
export function pkcs8Info(where: string, der: Uint8Array): KeyInfo {
  const outer = sequence(readElement(der));
  const [version, algorithm, privateKey] = outer ?? [];
  const [oid, parameters] = sequence(algorithm) ?? [];
  if (version?.tag !== TAG.INTEGER || oid?.tag !== TAG.OID || privateKey?.tag !== TAG.OCTET_STRING) {
    throw invalidKey(where, "the PEM body is not a PKCS#8 private key");
  }
  const keyOid = oidString(oid.contents);
  const curve = parameters?.tag === TAG.OID ? oidString(parameters.contents) : undefined;
  if (keyOid === OID.rsaEncryption) return rsaInfo(where, privateKey.contents);
  if (keyOid === OID.ecPublicKey && curve === OID.p256) return ecInfo(where, privateKey.contents);
  if (keyOid === OID.ed25519) return ed25519Info(where, privateKey.contents, outer!);
  const name = NAMED[(keyOid === OID.ecPublicKey ? curve : keyOid) ?? ""] ?? `algorithm ${keyOid ?? "?"}${curve ? ` (curve ${curve})` : ""}`;
  throw invalidKey(where, `the key is ${name}, which is not supported; use an RSA (2048 bits or more), P-256 or Ed25519 key`);
}
