/**
 * X.509 client certificates for mutual TLS (RFC 8705), read without a platform X.509 API so every runtime (Deno,
 * Bun, Workers) checks them the same way before a handshake that would fail with a less helpful error.
 */
import { INVALID_KEY, OccError } from "@occ/core";
import { base64url, fromBase64 } from "./base64url.js";
import { oidString, readChildren, readElement, type Tlv } from "./der.js";
import { sha256 } from "./sha256.js";

/** What {@link readCertificate} reads from a certificate. */
export interface CertificateInfo {
  /** The subject, e.g. `CN=reports,O=Example`. */
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The `x5t#S256` of certificate-bound tokens (RFC 8705 §3.1): base64url SHA-256 of the DER certificate. */
  readonly thumbprint: string;
  /** 1 or 3. Deno's TLS (rustls) presents only version 3 certificates. */
  readonly version: number;
}

/** Options for {@link readCertificate}. */
export interface ReadCertificateOptions {
  /** How errors name the certificate, e.g. `"@occ/deno mtlsFetch: the client certificate (OAUTH_TLS_CERT)"`. */
  label?: string;
  /** The time the certificate must be valid at, in epoch milliseconds. Default `Date.now()`. */
  now?: number;
}

const BLOCK = /-----BEGIN CERTIFICATE-----([^-]*)-----END CERTIFICATE-----/;
const TAG = { SEQUENCE: 0x30, SET: 0x31, OID: 0x06, UTC_TIME: 0x17, GENERALIZED_TIME: 0x18, VERSION: 0xa0 } as const;
const NAMES: Record<string, string> = { "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O", "2.5.4.11": "OU" };

/** `YYMMDDHHMMSSZ` (UTCTime, 1950–2049) or `YYYYMMDDHHMMSSZ` (GeneralizedTime), as RFC 5280 §4.1.2.5 allows them. */
function readTime(tlv: Tlv | undefined): Date | undefined {
  const text = tlv && new TextDecoder().decode(tlv.contents);
  const match = text && /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match || (tlv.tag === TAG.UTC_TIME) !== (match[1]!.length === 2) || (tlv.tag !== TAG.UTC_TIME && tlv.tag !== TAG.GENERALIZED_TIME)) return undefined;
  const short = Number(match[1]);
  const year = match[1]!.length === 4 ? short : short < 50 ? 2000 + short : 1900 + short;
  const [month, day, hour, minute, second] = match.slice(2).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `CN=…,O=…`: the attributes of each RDN, in order; unknown attribute types by OID. */
function readName(tlv: Tlv | undefined): string | undefined {
  if (tlv?.tag !== TAG.SEQUENCE) return undefined;
  const parts: string[] = [];
  for (const rdn of readChildren(tlv.contents) ?? []) {
    for (const attribute of (rdn.tag === TAG.SET && readChildren(rdn.contents)) || []) {
      const [type, value] = readChildren(attribute.contents) ?? [];
      const oid = type?.tag === TAG.OID ? oidString(type.contents) : undefined;
      if (oid === undefined || value === undefined) return undefined;
      parts.push(`${NAMES[oid] ?? oid}=${new TextDecoder().decode(value.contents)}`);
    }
  }
  return parts.join(",");
}

/** The fields of a DER certificate, or undefined when it is not one. */
function parse(der: Uint8Array): Omit<CertificateInfo, "thumbprint"> | undefined {
  const certificate = readElement(der);
  const [tbs] = (certificate?.tag === TAG.SEQUENCE && readChildren(certificate.contents)) || [];
  const fields = tbs?.tag === TAG.SEQUENCE ? readChildren(tbs.contents) : undefined;
  if (!fields) return undefined;
  // version [0] EXPLICIT is absent in v1 certificates: the serial number comes first then.
  const versioned = fields[0]?.tag === TAG.VERSION;
  const version = versioned ? (readChildren(fields[0]!.contents)?.[0]?.contents[0] ?? -1) + 1 : 1;
  const [validity, subject] = fields.slice(versioned ? 4 : 3);
  const [from, to] = (validity?.tag === TAG.SEQUENCE && readChildren(validity.contents)) || [];
  const notBefore = readTime(from);
  const notAfter = readTime(to);
  const name = readName(subject);
  return notBefore && notAfter && name !== undefined ? { subject: name, notBefore, notAfter, version } : undefined;
}

/**
 * Reads a PEM certificate (the first `-----BEGIN CERTIFICATE-----` block: a chain starts with its leaf) and checks
 * that it is valid now. Certificates are public; messages still name the certificate by `label` and subject only.
 *
 * @throws {OccError} `OCC_INVALID_KEY` when there is no certificate block, it is not a DER X.509 certificate, it
 * has expired, or it is not valid yet.
 */
export function readCertificate(pem: string, options: ReadCertificateOptions = {}): CertificateInfo {
  const label = options.label ?? "the certificate";
  const fail = (problem: string) => new OccError(INVALID_KEY, `${label} ${problem}`);
  const block = typeof pem === "string" ? BLOCK.exec(pem) : null;
  if (!block) throw fail("is not a PEM certificate: it has no complete -----BEGIN CERTIFICATE----- block");
  const der = fromBase64(block[1]!.replace(/\s+/g, ""));
  const fields = der && der.length > 0 ? parse(der) : undefined;
  if (!der || !fields) throw fail("is not a valid X.509 certificate (its PEM body does not decode to one)");
  const now = options.now ?? Date.now();
  const named = `${label} (${fields.subject || "no subject"})`;
  if (now < fields.notBefore.getTime()) throw new OccError(INVALID_KEY, `${named} is not valid before ${fields.notBefore.toISOString()}: use it from then on, or check this machine's clock`);
  if (now > fields.notAfter.getTime()) throw new OccError(INVALID_KEY, `${named} expired at ${fields.notAfter.toISOString()}: renew it`);
  return Object.freeze({ ...fields, thumbprint: base64url(sha256(der)) });
}
