import type { EnvClientOptions } from "@occ/core/env";
import type { MtlsLabels, MtlsOptions } from "./mtls-fetch.ts";

/** The variables a mutual-TLS client reads: PEM text, or the path of a file holding it. */
export const TLS_VARIABLES = { cert: "OAUTH_TLS_CERT", key: "OAUTH_TLS_KEY", ca: "OAUTH_TLS_CA" } as const;

const TLS_METHODS: readonly string[] = ["tls_client_auth", "self_signed_tls_client_auth"];

/** What the environment says about the client certificate. */
export interface TlsFromEnv {
  /** Required variables that are not set, for the adapter's one configuration error. */
  missing: string[];
  /** Variables whose file cannot be read. */
  invalid: string[];
  /** The certificate, key and CAs, with labels naming where each came from; absent when not needed or not complete. */
  tls?: { options: MtlsOptions; labels: Omit<MtlsLabels, "where"> };
}

/** Reads a variable: undefined when unset or blank. */
export type ReadVariable = (name: string) => string | undefined;

/** The value itself when it is PEM text, else the content of the file it names; the label says which. */
function pemOrFile(name: string, value: string, readText: (path: string) => string, invalid: string[]): { pem: string; from: string } | undefined {
  if (value.includes("-----BEGIN ")) return { pem: value, from: name };
  try {
    return { pem: readText(value), from: `${name}, file ${value}` };
  } catch (error) {
    invalid.push(`${name}: cannot read the file ${value} (${(error as { code?: string }).code ?? (error as Error).name})`);
  }
}

/**
 * The client certificate from `OAUTH_TLS_CERT`, `OAUTH_TLS_KEY` and `OAUTH_TLS_CA`, read only when the client
 * authenticates with mutual TLS (`authMethod` or `OAUTH_AUTH_METHOD`) and brings no `fetch` of its own.
 */
export function tlsFromEnv(options: EnvClientOptions, read: ReadVariable, readText: (path: string) => string): TlsFromEnv {
  const result: TlsFromEnv = { missing: [], invalid: [] };
  const method = options.authMethod ?? read("OAUTH_AUTH_METHOD");
  if (method === undefined || !TLS_METHODS.includes(method) || options.fetch !== undefined) return result;
  const [cert, key, ca] = [TLS_VARIABLES.cert, TLS_VARIABLES.key, TLS_VARIABLES.ca].map((name) => {
    const value = read(name);
    if (value === undefined) {
      if (name !== TLS_VARIABLES.ca) result.missing.push(`${name} (with ${method})`);
      return undefined;
    }
    return pemOrFile(name, value, readText, result.invalid);
  });
  if (cert === undefined || key === undefined || result.invalid.length > 0) return result;
  result.tls = {
    options: { cert: cert.pem, key: key.pem, ...(ca && { ca: ca.pem }) },
    labels: { cert: `the client certificate (${cert.from})`, key: `the private key (${key.from})`, ca: `the CA certificate (${ca?.from})` },
  };
  return result;
}
