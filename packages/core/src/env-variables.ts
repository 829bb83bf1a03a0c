import type { ClientAssertion } from "./credentials.js";
import type { ClientOptions } from "./types.js";

/** The variables, by what each one fills. */
export const ENV_VARIABLES = {
  tokenUrl: "OAUTH_TOKEN_URL",
  issuer: "OAUTH_ISSUER",
  clientId: "OAUTH_CLIENT_ID",
  clientSecret: "OAUTH_CLIENT_SECRET",
  previousClientSecret: "OAUTH_CLIENT_SECRET_PREVIOUS",
  authMethod: "OAUTH_AUTH_METHOD",
  scope: "OAUTH_SCOPE",
  audience: "OAUTH_AUDIENCE",
  resource: "OAUTH_RESOURCE",
  privateKey: "OAUTH_PRIVATE_KEY",
  privateKeyId: "OAUTH_PRIVATE_KEY_ID",
  clientAssertionFile: "OAUTH_CLIENT_ASSERTION_FILE",
  clientAssertionType: "OAUTH_CLIENT_ASSERTION_TYPE",
  tlsCert: "OAUTH_TLS_CERT",
  tlsKey: "OAUTH_TLS_KEY",
  tlsCa: "OAUTH_TLS_CA",
} as const;

/** Client options where everything an `OAUTH_*` variable can supply may be left out. */
export interface EnvClientOptions extends Omit<ClientOptions, "clientId" | "tokenUrl"> {
  /** The token endpoint, or `discover(issuer)`. Default: `OAUTH_TOKEN_URL`. */
  tokenUrl?: ClientOptions["tokenUrl"];
  /** The issuer whose metadata names the token endpoint; the same as `tokenUrl: discover(issuer)`. Default: `OAUTH_ISSUER`. */
  issuer?: string | URL;
  /** The client identifier. Default: `OAUTH_CLIENT_ID`. */
  clientId?: string;
}

/**
 * Reads one variable. `required` tells whether the configuration cannot do without it (the endpoint and the
 * credentials), so a runtime with permissions (Deno) can skip optional ones it may not read.
 */
export type EnvReader = (name: string, required: boolean) => unknown;

/** What the adapter calling {@link optionsFromEnv} adds: how to word errors, and the runtime-specific pieces. */
export interface EnvContext {
  /** Names the caller, e.g. `"@occ/node createClient"`. */
  caller: string;
  /** How to set a missing variable on this runtime; ends the message when something is missing. */
  hint: string;
  /** Other missing settings, such as a platform binding. */
  missing?: readonly string[];
  /** Other invalid settings. */
  invalid?: readonly string[];
  /** Signs with `OAUTH_PRIVATE_KEY` (PEM or JWK JSON) and `OAUTH_PRIVATE_KEY_ID`: `privateKeyJwt` from `@occ/keys`. */
  privateKeyJwt?: (key: string, options: { kid?: string }) => ClientAssertion;
  /** Reads the assertion in `OAUTH_CLIENT_ASSERTION_FILE` for each token request (Node, Deno). */
  assertionFile?: (path: string) => ClientAssertion;
  /**
   * Presents the client certificate from `OAUTH_TLS_CERT`, `OAUTH_TLS_KEY` and `OAUTH_TLS_CA` (mutual TLS, RFC 8705):
   * the adapter's `mtlsFetch`, given the PEM text and, for its messages, where each part came from.
   */
  mtlsFetch?: (tls: TlsPem, labels: TlsLabels) => typeof fetch;
  /** Reads a file whose path an `OAUTH_TLS_*` variable holds instead of PEM text (Node, Deno). */
  readTextFile?: (path: string) => string;
}

/** A client certificate, its private key and extra CA certificates, as PEM text. */
export interface TlsPem {
  cert: string;
  key: string;
  ca?: string;
}

/** Where each part of a {@link TlsPem} came from, for messages that name it without showing it. */
export interface TlsLabels {
  cert: string;
  key: string;
  ca: string;
}
