/**
 * `@occ/core/env`: the `OAUTH_*` environment variables every runtime adapter reads, mapped onto client options in
 * one place so that Node, Deno and Workers read them the same way. Runtime-neutral: the adapter supplies `read`.
 */
import { INVALID_OPTIONS, OccError } from "./errors.js";
import type { AuthMethod, ClientOptions } from "./types.js";

/** The variables, by the option each one fills. */
export const ENV_VARIABLES = {
  tokenUrl: "OAUTH_TOKEN_URL",
  issuer: "OAUTH_ISSUER",
  clientId: "OAUTH_CLIENT_ID",
  clientSecret: "OAUTH_CLIENT_SECRET",
  authMethod: "OAUTH_AUTH_METHOD",
  scope: "OAUTH_SCOPE",
  audience: "OAUTH_AUDIENCE",
  resource: "OAUTH_RESOURCE",
} as const;

/** Client options where everything an `OAUTH_*` variable can supply may be left out. */
export interface EnvClientOptions extends Omit<ClientOptions, "clientId"> {
  /** The client identifier. Default: `OAUTH_CLIENT_ID`. */
  clientId?: string;
}

/**
 * Reads one variable. `required` tells whether the configuration cannot do without it (the endpoint and the
 * credentials), so a runtime with permissions (Deno) can skip optional ones it may not read.
 */
export type EnvReader = (name: string, required: boolean) => unknown;

/** How {@link optionsFromEnv} words its error, and what else the adapter found wrong, so one error says it all. */
export interface EnvErrorReport {
  /** Names the caller, e.g. `"@occ/node createClient"`. */
  caller: string;
  /** Ends the message: how to set the variables on this runtime. */
  hint: string;
  /** Other missing settings, such as a platform binding. */
  missing?: readonly string[];
  /** Other invalid settings. */
  invalid?: readonly string[];
}

const AUTH_METHODS: readonly string[] = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"];

/**
 * Fills every option left undefined from its `OAUTH_*` variable; explicit options win. Empty variables count as
 * unset; `OAUTH_SCOPE` and `OAUTH_RESOURCE` are space-separated lists; `OAUTH_CLIENT_SECRET` is read only for the
 * methods that use it, and never trimmed.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable — names only, never values.
 */
export function optionsFromEnv(options: EnvClientOptions, read: EnvReader, report: EnvErrorReport): ClientOptions {
  const missing: string[] = [...(report.missing ?? [])];
  const invalid: string[] = [...(report.invalid ?? [])];
  const text = (name: string, required: boolean, trim = true): string | undefined => {
    const value = read(name, required);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      invalid.push(`${name} must be a string`);
      return undefined;
    }
    const cleaned = trim ? value.trim() : value;
    return cleaned.trim() === "" ? undefined : cleaned;
  };
  const list = (name: string) => text(name, false)?.split(/\s+/);

  const resolved = { ...options } as ClientOptions;
  if (options.tokenUrl === undefined && options.issuer === undefined) {
    const tokenUrl = text(ENV_VARIABLES.tokenUrl, true);
    const issuer = text(ENV_VARIABLES.issuer, true);
    if (tokenUrl !== undefined && issuer !== undefined) invalid.push("set only one of OAUTH_TOKEN_URL and OAUTH_ISSUER");
    else if (tokenUrl !== undefined) resolved.tokenUrl = tokenUrl;
    else if (issuer !== undefined) resolved.issuer = issuer;
    else missing.push("OAUTH_TOKEN_URL (or OAUTH_ISSUER)");
  }
  if (options.clientId === undefined) {
    const clientId = text(ENV_VARIABLES.clientId, true);
    if (clientId === undefined) missing.push(ENV_VARIABLES.clientId);
    else resolved.clientId = clientId;
  }
  if (options.authMethod === undefined) {
    const authMethod = text(ENV_VARIABLES.authMethod, false);
    if (authMethod !== undefined && AUTH_METHODS.includes(authMethod)) resolved.authMethod = authMethod as AuthMethod;
    else if (authMethod !== undefined) invalid.push(`OAUTH_AUTH_METHOD must be one of ${AUTH_METHODS.join(", ")}`);
  }
  const method = resolved.authMethod ?? "client_secret_basic";
  if (options.clientSecret === undefined && (method === "client_secret_basic" || method === "client_secret_post")) {
    // A secret may legitimately begin or end with a space: taken as it is.
    const clientSecret = text(ENV_VARIABLES.clientSecret, true, false);
    if (clientSecret === undefined) missing.push(ENV_VARIABLES.clientSecret);
    else resolved.clientSecret = clientSecret;
  }
  if (options.scope === undefined) {
    const scope = list(ENV_VARIABLES.scope);
    if (scope !== undefined) resolved.scope = scope;
  }
  if (options.audience === undefined) {
    const audience = text(ENV_VARIABLES.audience, false);
    if (audience !== undefined) resolved.audience = audience;
  }
  if (options.resource === undefined) {
    // Resource indicators are absolute URIs, which cannot contain spaces: a space-separated list is unambiguous.
    const resource = list(ENV_VARIABLES.resource);
    if (resource !== undefined) resolved.resource = resource;
  }

  if (missing.length > 0 || invalid.length > 0) {
    const problems = [...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []), ...invalid];
    throw new OccError(INVALID_OPTIONS, `${report.caller}: ${problems.join("; ")}. ${report.hint}`);
  }
  return resolved;
}
