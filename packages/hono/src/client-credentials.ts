import { type Client, type ClientOptions, INVALID_OPTIONS, logFailures, OccError } from "@occ/core";
import { clientCache } from "@occ/core/client-cache";
import type { Context, Env as HonoEnv, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { fixedOptionsResolver, requestOptionsResolver } from "./env-options.js";
import { occErrorResponse } from "./error-response.js";
import type { ClientCredentialsSettings, HonoClientOptions, HonoClientOptionsFactory } from "./options.js";
import type { ClientCredentialsEnv } from "./variables.js";

/** The request's `waitUntil`, bound to its context; undefined where the runtime passes none (Node, Bun, Deno). */
function requestWaitUntil(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  let ctx: Context["executionCtx"];
  try {
    ctx = c.executionCtx; // the getter throws when there is no execution context
  } catch {
    return undefined;
  }
  return ctx.waitUntil.bind(ctx);
}

function checkArguments(options: unknown, settings: unknown): void {
  const problems: string[] = [];
  if (options !== undefined && (options === null || !["object", "function"].includes(typeof options))) {
    problems.push("options must be client options or a function (c) => options");
  }
  const onError = (settings as ClientCredentialsSettings | undefined)?.onError;
  if (onError !== undefined && typeof onError !== "function") problems.push("onError must be a function");
  if (problems.length > 0) throw new OccError(INVALID_OPTIONS, `@occ/hono clientCredentials: ${problems.join("; ")}`);
}

/**
 * Hono middleware that puts a client-credentials {@link Client} on `c.var.occ`.
 *
 * Every option left out is read from its `OAUTH_*` variable through `env(c)` from `hono/adapter` (`process.env` on
 * Node and Bun, `Deno.env` on Deno, the bindings on Workers), so `clientCredentials()` alone works on each runtime;
 * explicit options, or `(c) => options` evaluated per request, win. `OAUTH_PRIVATE_KEY` signs `private_key_jwt`
 * assertions with `privateKeyJwt` from `@occ/keys`.
 *
 * One client is kept per configuration (`clientCache` from `@occ/core/client-cache`), so its token is cached and
 * refreshed ahead of expiry across requests; a changed secret gets a new client. Background refreshes are kept
 * alive with `c.executionCtx.waitUntil` of the request that calls the client, where the runtime has one.
 *
 * Tokens are fetched lazily, on the first `c.var.occ.getToken()` or `c.var.occ.fetch()`. When that fails,
 * `c.var.occ` throws an `HTTPException` whose response comes from `onError` (default {@link occErrorResponse}) and
 * whose `cause` is the {@link OccError}; the failure is logged by {@link logFailures} unless `onEvent` is given.
 * Missing or invalid options are thrown by the middleware as `OCC_INVALID_OPTIONS`, naming variables, never values.
 */
export function clientCredentials<E extends HonoEnv = HonoEnv>(
  options?: HonoClientOptions | HonoClientOptionsFactory<E>,
  settings: ClientCredentialsSettings<E> = {},
): MiddlewareHandler<E & ClientCredentialsEnv> {
  checkArguments(options, settings);
  const resolve: (c: Context<E>) => ClientOptions | Promise<ClientOptions> =
    typeof options === "function" ? requestOptionsResolver(options) : fixedOptionsResolver(options ?? {});
  const onError = settings.onError ?? occErrorResponse;
  const cache = clientCache();

  return createMiddleware<E & ClientCredentialsEnv>(async (c, next) => {
    const context = c as unknown as Context<E>;
    const resolved = await resolve(context);
    const waitUntil = requestWaitUntil(c);
    const config: ClientOptions = { onEvent: logFailures, ...resolved, ...(waitUntil && { waitUntil }) };
    cache(config); // creates the client now, so an invalid configuration fails here rather than in a route

    async function call<T>(run: (client: Client) => Promise<T>): Promise<T> {
      try {
        // Looked up again right before each call: the cached client then uses this request's waitUntil.
        return await run(cache(config));
      } catch (err) {
        if (!(err instanceof OccError)) throw err;
        const res = await onError(err, context);
        throw new HTTPException(res.status as ContentfulStatusCode, { res, message: err.message, cause: err });
      }
    }

    const occ: Client = {
      getToken: (opts) => call((client) => client.getToken(opts)),
      fetch: (input, init) => call((client) => client.fetch(input, init)),
      invalidate: () => cache(config).invalidate(),
    };
    c.set("occ", occ);
    await next();
  });
}
