/**
 * `@occ/core/env`: the `OAUTH_*` environment variables every runtime adapter reads, mapped onto client options in
 * one place so that Node, Deno, Workers and Hono read them the same way. Runtime-neutral: the adapter supplies
 * `read`, and the key-based pieces that need Web Crypto or a file system.
 */
import { AUTH_METHODS } from "./auth/select.js";
import { INVALID_OPTIONS, OccError } from "./errors.js";
import { discover } from "./source/discovery.js";
import type { AuthMethod, ClientAssertion } from "./credentials.js";
import type { ClientOptions } from "./types.js";

export { fileAssertion } from "./file-assertion.js";

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

/** Reads variables for {@link optionsFromEnv}, collecting what is missing or invalid. */
function envReader(read: EnvReader, context: EnvContext) {
  const missing = [...(context.missing ?? [])];
  const invalid = [...(context.invalid ?? [])];
  const text = (name: string, required = false, trim = true): string | undefined => {
    const value = read(name, required);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") return void invalid.push(`${name} must be a string`);
    return value.trim() === "" ? undefined : trim ? value.trim() : value;
  };
  return { missing, invalid, text, list: (name: string) => text(name)?.split(/\s+/) };
}
type Env = ReturnType<typeof envReader>;
const V = ENV_VARIABLES;

/** The token endpoint: `tokenUrl`, or `OAUTH_TOKEN_URL`, or discovered from `issuer` / `OAUTH_ISSUER`. */
function endpointFromEnv(tokenUrl: ClientOptions["tokenUrl"] | undefined, issuer: string | URL | undefined, env: Env) {
  if (tokenUrl !== undefined) return issuer === undefined ? tokenUrl : void env.invalid.push("give tokenUrl or issuer, not both");
  const url = issuer === undefined ? env.text(V.tokenUrl, true) : undefined;
  const from = url === undefined ? (issuer ?? env.text(V.issuer, true)) : env.text(V.issuer);
  if (url !== undefined && from !== undefined) return void env.invalid.push(`set only one of ${V.tokenUrl} and ${V.issuer}`);
  if (url !== undefined) return url;
  if (from === undefined) return void env.missing.push(`${V.tokenUrl} (or ${V.issuer})`);
  try {
    return discover(from);
  } catch (error) {
    env.invalid.push(`${V.issuer}: ${(error as Error).message}`);
  }
}

/** A client assertion from `OAUTH_PRIVATE_KEY` (+ `OAUTH_PRIVATE_KEY_ID`) or `OAUTH_CLIENT_ASSERTION_FILE`. */
function assertionFromEnv(env: Env, context: EnvContext): ClientAssertion | undefined {
  const key = env.text(V.privateKey, false, false);
  const file = env.text(V.clientAssertionFile);
  if (key !== undefined && file !== undefined) return void env.invalid.push(`set only one of ${V.privateKey} and ${V.clientAssertionFile}`);
  const [name, value, build] = key !== undefined ? [V.privateKey, key, context.privateKeyJwt] : [V.clientAssertionFile, file, context.assertionFile];
  if (value === undefined) return undefined;
  if (build === undefined) return void env.invalid.push(`${context.caller} cannot use ${name}`);
  try {
    return key !== undefined ? context.privateKeyJwt!(key, { kid: env.text(V.privateKeyId) }) : context.assertionFile!(value);
  } catch (error) {
    env.invalid.push(`${name}: ${(error as Error).message}`);
  }
}

/**
 * Fills every option left undefined from its `OAUTH_*` variable; explicit options win. Empty variables count as
 * unset; `OAUTH_SCOPE` and `OAUTH_RESOURCE` are space-separated lists; secrets are never trimmed, and read only for
 * the methods that use them. `OAUTH_PRIVATE_KEY` or `OAUTH_CLIENT_ASSERTION_FILE` make `private_key_jwt` the default;
 * `OAUTH_CLIENT_SECRET_PREVIOUS` follows `OAUTH_CLIENT_SECRET` in a rotation.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable; values are echoed only for
 * variables that hold no secret.
 */
export function optionsFromEnv(options: EnvClientOptions, read: EnvReader, context: EnvContext): ClientOptions {
  const env = envReader(read, context);
  const { issuer, tokenUrl, ...resolved } = { ...options } as EnvClientOptions;
  const result = resolved as ClientOptions;
  result.tokenUrl = endpointFromEnv(tokenUrl, issuer, env)!;
  result.clientId = resolved.clientId ?? env.text(V.clientId, true) ?? (env.missing.push(V.clientId), "");
  const method = resolved.authMethod ?? (env.text(V.authMethod) as AuthMethod | undefined);
  if (method !== undefined && !AUTH_METHODS.includes(method)) {
    // Echoed when it looks like a method name: a secret pasted into the wrong variable (it has digits) is not shown.
    const shown = /^[a-z_-]{1,40}$/i.test(method) ? ` is ${JSON.stringify(method)}` : " is not a method name (value not shown)";
    env.invalid.push(`${V.authMethod}${shown}; use one of ${AUTH_METHODS.join(", ")}`);
  } else result.authMethod = method;
  if (method === undefined || method === "private_key_jwt") result.clientAssertion ??= assertionFromEnv(env, context);
  if (result.clientAssertion) result.clientAssertionType ??= env.text(V.clientAssertionType);
  const usesSecret = method === "client_secret_basic" || method === "client_secret_post" || (method === undefined && !result.clientAssertion);
  if (usesSecret && result.clientSecret === undefined) {
    // A secret may legitimately begin or end with a space: taken as it is.
    const secret = env.text(V.clientSecret, true, false);
    const previous = secret === undefined ? undefined : env.text(V.previousClientSecret, false, false);
    if (secret === undefined) env.missing.push(V.clientSecret);
    result.clientSecret = previous === undefined ? secret : [secret!, previous];
  }
  result.scope ??= env.list(V.scope);
  result.audience ??= env.text(V.audience);
  // Resource indicators are absolute URIs, which cannot contain spaces: a space-separated list is unambiguous.
  result.resource ??= env.list(V.resource);

  if (env.missing.length > 0 || env.invalid.length > 0) {
    const problems = [...env.invalid, ...(env.missing.length > 0 ? [`missing ${env.missing.join(", ")}. ${context.hint}`] : [])];
    throw new OccError(INVALID_OPTIONS, `${context.caller}: ${problems.join("; ")}`);
  }
  // Options left undefined stay absent, as if never given.
  for (const name of Object.keys(result) as (keyof ClientOptions)[]) if (result[name] === undefined) delete result[name];
  return result;
}
