import { type Client, INVALID_OPTIONS, logFailures, OccError } from "@occ/core";
import { clientCache } from "@occ/core/client-cache";
import { type CloudflareClientOptions, resolveOptions } from "./env-options.js";
import type { ExecutionContextLike } from "./platform-types.js";

// Module scope lives as long as the isolate: a warm isolate serves its token from memory. One client per
// configuration; functions, the store and ctx.waitUntil of the latest request are the ones it uses.
const cachedClient = clientCache();

/**
 * A client configured from the Worker's `env` — `OAUTH_TOKEN_URL` or `OAUTH_ISSUER`, `OAUTH_CLIENT_ID`,
 * `OAUTH_CLIENT_SECRET` (and `OAUTH_CLIENT_SECRET_PREVIOUS` during a rotation) or `OAUTH_PRIVATE_KEY` (with
 * `OAUTH_PRIVATE_KEY_ID`), `OAUTH_AUTH_METHOD`, `OAUTH_SCOPE`, `OAUTH_AUDIENCE`, `OAUTH_RESOURCE` — sharing tokens
 * through `store`, or else through the KV namespace bound as `OAUTH_TOKENS` when there is one. Explicit options win.
 *
 * Call it in every request: the same configuration returns the same client for the isolate's lifetime, even with
 * `onEvent`, `fetch` or `clientAssertion` written inline, and background refreshes are kept alive by the
 * `ctx.waitUntil` of the latest request. Without `onEvent`, failures are logged with {@link logFailures}.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable (never their values).
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request, env, ctx) {
 *     return createClient(env, ctx).fetch("https://api.example.com/data");
 *   },
 * } satisfies ExportedHandler<Env>;
 * ```
 */
export function createClient(env: object, ctx: ExecutionContextLike, options: CloudflareClientOptions = {}): Client {
  if (typeof env !== "object" || env === null) {
    throw new OccError(INVALID_OPTIONS, "@occ/cloudflare createClient: env must be the Worker's env object");
  }
  if (typeof ctx?.waitUntil !== "function") {
    throw new OccError(INVALID_OPTIONS, "@occ/cloudflare createClient: ctx must be the request's ExecutionContext");
  }
  const resolved = resolveOptions(env, options);
  return cachedClient({
    ...resolved,
    // Bound: the runtime's waitUntil throws "Illegal invocation" when called without its context.
    waitUntil: ctx.waitUntil.bind(ctx),
    onEvent: resolved.onEvent ?? logFailures,
  });
}
