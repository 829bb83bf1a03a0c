import { INVALID_KEY, INVALID_OPTIONS, OccError } from "@occ/core";
import { readCertificate } from "@occ/keys";

/** A client certificate for mutual TLS (RFC 8705), as PEM text. */
export interface MtlsOptions {
  /** The client certificate; a chain starts with it (leaf first, then intermediates). X.509 version 3. */
  cert: string;
  /** Its private key, unencrypted: PKCS#8 (`BEGIN PRIVATE KEY`), PKCS#1 RSA or SEC1 EC. */
  key: string;
  /** CA certificates to trust for the servers, in addition to Deno's roots (`caCerts`). */
  ca?: string | readonly string[];
}

/** How errors name the caller, and the certificate and key by where they came from, never by what they hold. */
export interface MtlsLabels {
  where: string;
  cert: string;
  key: string;
  ca: string;
}

const DEFAULT_LABELS: MtlsLabels = { where: "@occ/deno mtlsFetch", cert: "the client certificate", key: "the private key", ca: "a CA certificate" };
const PRIVATE_KEY = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[A-Za-z0-9+/=\s]+-----END (?:RSA |EC )?PRIVATE KEY-----/;

/** The PEM checks Deno's TLS would otherwise report less clearly, or with the wrong word ("peer certificate"). */
function checked(options: MtlsOptions, labels: MtlsLabels): Deno.CreateHttpClientOptions & Deno.TlsCertifiedKeyPem & { thumbprint: string } {
  const { where } = labels;
  if (typeof options?.cert !== "string" || typeof options.key !== "string") {
    throw new OccError(INVALID_OPTIONS, `${where}: cert and key must be PEM text (read files first, e.g. with Deno.readTextFile)`);
  }
  const info = readCertificate(options.cert, { label: `${where}: ${labels.cert}` });
  if (info.version !== 3) {
    throw new OccError(INVALID_KEY, `${where}: ${labels.cert} (${info.subject}) is an X.509 version ${info.version} certificate; Deno's TLS presents version 3 only: reissue it with extensions`);
  }
  if (!PRIVATE_KEY.test(options.key)) {
    throw new OccError(INVALID_KEY, `${where}: ${labels.key} is not an unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1)`);
  }
  const ca = options.ca === undefined ? undefined : typeof options.ca === "string" ? [options.ca] : [...options.ca];
  for (const pem of ca ?? []) readCertificate(pem, { label: `${where}: ${labels.ca}` });
  return { cert: options.cert, key: options.key, ...(ca && { caCerts: ca }), thumbprint: info.thumbprint };
}

/** {@link mtlsFetch} with the certificate named by where it came from (an environment variable, a file). */
export function labelledMtlsFetch(options: MtlsOptions, labels: MtlsLabels): typeof fetch {
  const { thumbprint, ...tls } = checked(options, labels);
  let client: Deno.HttpClient;
  try {
    client = Deno.createHttpClient(tls);
  } catch (error) {
    // Deno's messages name the problem, not the key ("keys may not be consistent: KeyMismatch"); only known ones are kept.
    const message = error instanceof Error ? error.message : "";
    const problem = /KeyMismatch/.test(message)
      ? `${labels.key} does not belong to ${labels.cert}: they must be a pair`
      : `Deno could not load ${labels.cert} with ${labels.key} (${error instanceof Error ? error.name : typeof error})`;
    throw new OccError(INVALID_KEY, `${labels.where}: ${problem}`);
  }
  const presenting: typeof fetch = (input, init) => {
    // Typed apart: the DOM typings of `fetch` (tsc, the npm build) do not know Deno's `client` option.
    const withClient: RequestInit & { client: Deno.HttpClient } = { ...init, client };
    return fetch(input, withClient);
  };
  // The certificate's public identity: core keeps tokens bound to different certificates apart in a shared store.
  return Object.assign(presenting, { credentialId: `x5t#S256:${thumbprint}` });
}

/**
 * A `fetch` that presents a client certificate (mutual TLS, RFC 8705), for `tls_client_auth` and
 * `self_signed_tls_client_auth` token requests and for `client.fetch` with certificate-bound tokens
 * (`cnf.x5t#S256`): pass it as `createClient({ fetch })`. It is Deno's fetch with a `Deno.createHttpClient({ cert,
 * key, caCerts })`, whose connections are reused. Every server that asks for a certificate is shown this one.
 *
 * @throws {OccError} `OCC_INVALID_KEY` naming the certificate when it has expired, is not valid yet or is not an
 * X.509 v3 PEM certificate, when the key is not a PEM private key, or when it does not belong to the certificate.
 * Never with key material.
 */
export function mtlsFetch(options: MtlsOptions): typeof fetch {
  return labelledMtlsFetch(options, DEFAULT_LABELS);
}
