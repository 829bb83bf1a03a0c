/**
 * `@occ/core/env`: the `OAUTH_*` environment variables every runtime adapter reads, mapped onto client options in
 * one place so that Node, Deno, Workers and Hono read them the same way. Runtime-neutral: the adapter supplies
 * `read`, and the key-based pieces that need Web Crypto or a file system.
 */
import { AUTH_METHODS } from "./auth/select.js";
import type { AuthMethod } from "./credentials.js";
import { assertionFromEnv, endpointFromEnv, envReader, mtlsFromEnv } from "./env-parts.js";
import { ENV_VARIABLES as V, type EnvClientOptions, type EnvContext, type EnvReader } from "./env-variables.js";
import { INVALID_OPTIONS, OccError } from "./errors.js";
import type { ClientOptions } from "./types.js";

export { ENV_VARIABLES, type EnvClientOptions, type EnvContext, type EnvReader, type TlsLabels, type TlsPem } from "./env-variables.js";
export { fileAssertion } from "./file-assertion.js";

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
  const presentCertificate = result.fetch === undefined && (method === "tls_client_auth" || method === "self_signed_tls_client_auth");
  const tls = presentCertificate ? mtlsFromEnv(env, context, method) : undefined;
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
  // Built once nothing else is wrong: a certificate that has expired is its own error (OCC_INVALID_KEY).
  if (tls) result.fetch = tls();
  // Options left undefined stay absent, as if never given.
  for (const name of Object.keys(result) as (keyof ClientOptions)[]) if (result[name] === undefined) delete result[name];
  return result;
}
