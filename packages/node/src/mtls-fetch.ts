import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import process from "node:process";
import { rootCertificates } from "node:tls";
import { INVALID_KEY, INVALID_OPTIONS, OccError } from "@occ/core";
import { readCertificate } from "@occ/keys";

/** A client certificate for mutual TLS (RFC 8705), as PEM text. */
export interface MtlsOptions {
  /** The client certificate; a chain starts with it (leaf first, then intermediates). */
  cert: string;
  /** Its private key, unencrypted: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 RSA or SEC1 EC. */
  key: string;
  /** CA certificates to trust for the servers, in addition to Node's built-in roots (a private PKI). */
  ca?: string | readonly string[];
}

/** How errors name the caller, and the certificate and key by where they came from, never by what they hold. */
export interface MtlsLabels {
  where: string;
  cert: string;
  key: string;
  ca: string;
}

const DEFAULT_LABELS: MtlsLabels = { where: "@occ/node mtlsFetch", cert: "the client certificate", key: "the private key", ca: "a CA certificate" };

function privateKey(pem: string, label: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    // OpenSSL's message names the decoder step, not the key; keep only the error code anyway.
    const code = (error as { code?: string }).code ?? (error as Error).name;
    throw new OccError(INVALID_KEY, `${label} is not an unencrypted PEM private key (${code})`);
  }
}

/** Checks the certificate (validity window), the key (parses, belongs to the certificate) and the CAs. */
function checked(options: MtlsOptions, labels: MtlsLabels, now: number): { cert: string; key: string; ca?: string[]; thumbprint: string } {
  const { where } = labels;
  if (typeof options?.cert !== "string" || typeof options.key !== "string") {
    throw new OccError(INVALID_OPTIONS, `${where}: cert and key must be PEM text (read files first, e.g. with readFileSync(path, "utf8"))`);
  }
  const info = readCertificate(options.cert, { label: `${where}: ${labels.cert}`, now });
  const key = privateKey(options.key, `${where}: ${labels.key}`);
  if (!new X509Certificate(options.cert).checkPrivateKey(key)) {
    throw new OccError(INVALID_KEY, `${where}: ${labels.key} does not belong to ${labels.cert} (${info.subject}): they must be a pair`);
  }
  const ca = options.ca === undefined ? undefined : typeof options.ca === "string" ? [options.ca] : [...options.ca];
  for (const pem of ca ?? []) readCertificate(pem, { label: `${where}: ${labels.ca}`, now });
  // Node's `ca` replaces its built-in roots; the servers may use a public CA, so keep those too.
  return { cert: options.cert, key: options.key, ...(ca && { ca: [...rootCertificates, ...ca] }), thumbprint: info.thumbprint };
}

/** Whether the optional peer dependency can be imported (checked at creation: the import itself waits for use). */
function undiciInstalled(): boolean {
  try {
    import.meta.resolve("undici");
    return true;
  } catch {
    return false;
  }
}

/** `fetch` on a connection pool that presents the certificate: undici's Agent on Node, the `tls` option on Bun. */
function presenting(tls: { cert: string; key: string; ca?: string[] }, where: string): typeof fetch {
  if (process.versions.bun !== undefined) {
    return (input, init) => fetch(input, { ...init, tls } as RequestInit);
  }
  if (!undiciInstalled()) {
    throw new OccError(INVALID_OPTIONS, `${where}: mutual TLS on Node needs the undici package (npm install undici): Node's fetch presents a client certificate only through an undici Agent`);
  }
  // Loaded on first use, so that applications without mutual TLS never load undici.
  let dispatcher: Promise<unknown> | undefined;
  return async (input, init) => {
    dispatcher ??= import("undici").then(({ Agent }) => new Agent({ connect: tls }));
    return fetch(input, { ...init, dispatcher: await dispatcher } as RequestInit);
  };
}

/** {@link mtlsFetch} with the certificate named by where it came from (an environment variable, a file). */
export function labelledMtlsFetch(options: MtlsOptions, labels: MtlsLabels): typeof fetch {
  const { thumbprint, ...tls } = checked(options, labels, Date.now());
  // The certificate's public identity: core keeps tokens bound to different certificates apart in a shared store.
  return Object.assign(presenting(tls, labels.where), { credentialId: `x5t#S256:${thumbprint}` });
}

/**
 * A `fetch` that presents a client certificate (mutual TLS, RFC 8705), for `tls_client_auth` and
 * `self_signed_tls_client_auth` token requests and for `client.fetch` with certificate-bound tokens
 * (`cnf.x5t#S256`): pass it as `createClient({ fetch })`. On Node it is the global fetch with an undici `Agent`
 * (`dispatcher`), whose connections are reused — `undici` is an optional peer dependency to install; on Bun, Bun's
 * fetch with its `tls` option. Every server that asks for a certificate is shown this one.
 *
 * @throws {OccError} `OCC_INVALID_KEY` naming the certificate when it has expired or is not valid yet, when the
 * certificate or key is not PEM, or when the key does not belong to the certificate. Never with key material.
 * `OCC_INVALID_OPTIONS` on Node when `undici` is not installed.
 */
export function mtlsFetch(options: MtlsOptions): typeof fetch {
  return labelledMtlsFetch(options, DEFAULT_LABELS);
}
