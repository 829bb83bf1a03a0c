import { type Client, type ClientOptions, createClient, OccError } from "@occ/core";
import type { Context, Env as HonoEnv, ExecutionContext, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { clientCache } from "./client-cache.js";
import type { Env } from "./env.js";
import { occErrorResponse } from "./error-response.js";

/**
 * Core client options without `waitUntil`: the middleware supplies it, forwarding background refreshes to the
 * `waitUntil` of the request that triggered them.
 */
export type HonoClientOptions = Omit<ClientOptions, "waitUntil">;

type OptionsFactory<E extends HonoEnv> = (c: Context<E>) => HonoClientOptions | Promise<HonoClientOptions>;

/** Options for {@link clientCredentials} itself, as opposed to the client's. */
export interface ClientCredentialsSettings<E extends HonoEnv = HonoEnv> {
  /**
   * Turns an {@link OccError} thrown by `c.var.occ` into the response sent to the caller. Default:
   * {@link occErrorResponse} (502/503/500 with a generic JSON body).
   */
  onError?: (err: OccError, c: Context<E>) => Response | Promise<Response>;
}

function executionContext(c: Context): ExecutionContext | undefined {
  // The getter throws where the runtime passes no context (Node, Bun, Deno serve without one).
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/**
 * Hono middleware that puts a client-credentials {@link Client} on `c.var.occ`.
 *
 * One client is created per distinct configuration and reused across requests, so its token is cached and
 * refreshed ahead of expiry. Pass `(c) => options` to build the options from `c.env` (Workers bindings); the
 * client for a configuration keeps the functions and store of the first request that used it.
 *
 * Tokens are fetched lazily, on the first `c.var.occ.getToken()` or `c.var.occ.fetch()`: routes that never call it
 * cost nothing. When that fails, `c.var.occ` throws an `HTTPException` whose response comes from `onError`
 * (default {@link occErrorResponse}: 503 when the authorization server is unreachable, 502 when it refused) and
 * whose `cause` is the {@link OccError}; in `app.onError`, check `err instanceof HTTPException && err.cause instanceof OccError`.
 */
export function clientCredentials<E extends HonoEnv = HonoEnv>(
  options: HonoClientOptions | OptionsFactory<E>,
  settings: ClientCredentialsSettings<E> = {},
): MiddlewareHandler<E & Env> {
  // JavaScript runs one call at a time, so the context set around a client call is the one of the request making
  // it; the shared client's waitUntil reads it from here.
  let current: ExecutionContext | undefined;
  const waitUntil = (promise: Promise<unknown>): void => current?.waitUntil(promise);
  const create = (o: HonoClientOptions): Client => createClient({ ...o, waitUntil });

  const cached = clientCache(create);
  const fixed = typeof options === "function" ? undefined : create(options);
  const clientFor = async (c: Context<E>): Promise<Client> => fixed ?? cached(await (options as OptionsFactory<E>)(c));

  return createMiddleware<E & Env>(async (c, next) => {
    const client = await clientFor(c as unknown as Context<E>);
    const ctx = executionContext(c);
    const onError = settings.onError ?? occErrorResponse;

    async function call<T>(run: () => Promise<T>): Promise<T> {
      let pending: Promise<T>;
      const previous = current;
      current = ctx;
      try {
        pending = run();
      } finally {
        current = previous;
      }
      try {
        return await pending;
      } catch (err) {
        if (!(err instanceof OccError)) throw err;
        const res = await onError(err, c as unknown as Context<E>);
        throw new HTTPException(res.status as ContentfulStatusCode, { res, message: err.message, cause: err });
      }
    }

    const occ: Client = {
      getToken: (opts) => call(() => client.getToken(opts)),
      fetch: (input, init) => call(() => client.fetch(input, init)),
      invalidate: () => client.invalidate(),
    };
    c.set("occ", occ);
    await next();
  });
}
