import type { ClientAssertion, ClientOptions } from "@occ/core";
import { type EnvClientOptions, optionsFromEnv } from "@occ/core/env";
import { privateKeyJwt } from "@occ/keys";
import { kvStore } from "./kv-store.js";
import type { KVNamespaceLike } from "./platform-types.js";

/**
 * Options for {@link createClient}: every core option, each one winning over its `OAUTH_*` variable in `env`.
 * `waitUntil` is not among them: it is always the current request's `ctx.waitUntil`.
 */
export type CloudflareClientOptions = Omit<EnvClientOptions, "waitUntil">;

/** The KV namespace binding that becomes the `store` when no `store` is given. */
const DEFAULT_KV_BINDING = "OAUTH_TOKENS";

/** Where each kind of value comes from on Workers; shown when something is missing. */
const HINT =
  "Under `wrangler dev` put secrets in .dev.vars; in production run `wrangler secret put NAME`; " +
  "put other values under [vars] in wrangler.toml, or pass them as options.";

/**
 * Merges the Worker's `env` with explicit options. Every problem, the KV binding's included, is collected into one
 * error, so a misconfigured deployment is fixed in one round trip; messages name variables, never values.
 */
export function resolveOptions(env: object, options: CloudflareClientOptions): ClientOptions {
  const vars = env as Record<string, unknown>;
  const invalid: string[] = [];
  let store = options.store;
  if (store === undefined) {
    const candidate = vars[DEFAULT_KV_BINDING];
    if (isKvNamespace(candidate)) store = kvStore(candidate);
    else if (candidate !== undefined) {
      invalid.push(`${DEFAULT_KV_BINDING} is bound but is not a KV namespace (bind one under [[kv_namespaces]], or pass store)`);
    }
  }
  return optionsFromEnv({ ...options, store }, (name) => vars[name], {
    caller: "@occ/cloudflare createClient",
    hint: HINT,
    invalid,
    privateKeyJwt: envPrivateKeyJwt,
  });
}

/** The assertion made from the last `OAUTH_PRIVATE_KEY` seen: an isolate parses and imports its key once, not per request. */
let lastKey: { pem: string; kid: string | undefined; assertion: ClientAssertion } | undefined;

function envPrivateKeyJwt(pem: string, options: { kid?: string }): ClientAssertion {
  if (lastKey?.pem !== pem || lastKey.kid !== options.kid) lastKey = { pem, kid: options.kid, assertion: privateKeyJwt(pem, options) };
  return lastKey.assertion;
}

function isKvNamespace(value: unknown): value is KVNamespaceLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.get === "function" && typeof candidate.put === "function" && typeof candidate.delete === "function";
}
