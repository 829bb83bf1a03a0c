/**
 * `@occ/core/env`: the `OAUTH_*` environment variables every runtime adapter reads, mapped onto client options in
 * one place so that Node, Deno, Workers and Hono read them the same way. Runtime-neutral: the adapter supplies
 * `read`, and the key-based pieces that need Web Crypto or a file system.
 */
import { AUTH_METHODS } from "./auth/select.js";
import { INVALID_OPTIONS, OccError } from "./errors.js";
import { discover } from "./source/discovery.js";
import type { AuthMethod, ClientAssertion, ClientOptions } from "./types.js";

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
}

/**
 * Fills every option left undefined from its `OAUTH_*` variable; explicit options win. Empty variables count as
 * unset; `OAUTH_SCOPE` and `OAUTH_RESOURCE` are space-separated lists; secrets are never trimmed, and read only for
 * the methods that use them. `OAUTH_PRIVATE_KEY` or `OAUTH_CLIENT_ASSERTION_FILE` make `private_key_jwt` the default.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable; values are echoed only for
 * variables that hold no secret.
 */
export function optionsFromEnv(options: EnvClientOptions, read: EnvReader, context: EnvContext): ClientOptions {
  const missing = [...(context.missing ?? [])];
  const invalid = [...(context.invalid ?? [])];
  const text = (name: string, required = false, trim = true): string | undefined => {
    const value = read(name, required);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") return void invalid.push(`${name} must be a string`);
    return value.trim() === "" ? undefined : trim ? value.trim() : value;
  };
  const list = (name: string) => text(name)?.split(/\s+/);
  const { issuer, ...resolved } = { ...options } as EnvClientOptions & ClientOptions;
  const V = ENV_VARIABLES;

  if (resolved.tokenUrl === undefined) {
    const tokenUrl = issuer === undefined ? text(V.tokenUrl, true) : undefined;
    const fromIssuer = tokenUrl === undefined ? (issuer ?? text(V.issuer, true)) : text(V.issuer);
    if (tokenUrl !== undefined && fromIssuer !== undefined) invalid.push(`set only one of ${V.tokenUrl} and ${V.issuer}`);
    else if (tokenUrl !== undefined) resolved.tokenUrl = tokenUrl;
    else if (fromIssuer === undefined) missing.push(`${V.tokenUrl} (or ${V.issuer})`);
    else {
      try {
        resolved.tokenUrl = discover(fromIssuer);
      } catch (error) {
        invalid.push(`${V.issuer}: ${(error as Error).message}`);
      }
    }
  } else if (issuer !== undefined) invalid.push("give tokenUrl or issuer, not both");
  resolved.clientId ??= text(V.clientId, true) ?? (missing.push(V.clientId), "");

  const authMethod = resolved.authMethod ?? (text(V.authMethod) as AuthMethod | undefined);
  if (authMethod !== undefined && !AUTH_METHODS.includes(authMethod)) {
    invalid.push(`${V.authMethod} is ${JSON.stringify(authMethod)}; it must be one of ${AUTH_METHODS.join(", ")}`);
  } else if (authMethod !== undefined) resolved.authMethod = authMethod;

  if (resolved.clientAssertion === undefined && (authMethod === undefined || authMethod === "private_key_jwt")) {
    const key = text(V.privateKey, false, false);
    const file = text(V.clientAssertionFile);
    const build = key !== undefined ? context.privateKeyJwt : file !== undefined ? context.assertionFile : undefined;
    if (key !== undefined && file !== undefined) invalid.push(`set only one of ${V.privateKey} and ${V.clientAssertionFile}`);
    else if ((key ?? file) !== undefined && build === undefined) invalid.push(`${context.caller} cannot use ${key ? V.privateKey : V.clientAssertionFile}`);
    else if (key !== undefined) {
      try {
        resolved.clientAssertion = context.privateKeyJwt!(key, { kid: text(V.privateKeyId) });
      } catch (error) {
        invalid.push(`${V.privateKey}: ${(error as Error).message}`);
      }
    } else if (file !== undefined) resolved.clientAssertion = context.assertionFile!(file);
  }
  resolved.clientAssertionType ??= resolved.clientAssertion ? text(V.clientAssertionType) : undefined;

  const method = resolved.authMethod ?? (resolved.clientAssertion ? "private_key_jwt" : "client_secret_basic");
  if (resolved.clientSecret === undefined && (method === "client_secret_basic" || method === "client_secret_post")) {
    // A secret may legitimately begin or end with a space: taken as it is.
    const secrets = [text(V.clientSecret, true, false), text(V.previousClientSecret, false, false)].filter((s) => s !== undefined);
    if (secrets.length === 0 || text(V.clientSecret, true, false) === undefined) missing.push(V.clientSecret);
    else resolved.clientSecret = secrets.length === 1 ? secrets[0] : secrets;
  }
  resolved.scope ??= list(V.scope);
  resolved.audience ??= text(V.audience);
  // Resource indicators are absolute URIs, which cannot contain spaces: a space-separated list is unambiguous.
  resolved.resource ??= list(V.resource);

  if (missing.length > 0 || invalid.length > 0) {
    const problems = [...invalid, ...(missing.length > 0 ? [`missing ${missing.join(", ")}. ${context.hint}`] : [])];
    throw new OccError(INVALID_OPTIONS, `${context.caller}: ${problems.join("; ")}`);
  }
  // Options left undefined stay absent, as if never given.
  for (const name of Object.keys(resolved) as (keyof ClientOptions)[]) if (resolved[name] === undefined) delete resolved[name];
  return resolved;
}
