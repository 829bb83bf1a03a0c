import type { OccError } from "@occ/core";
import type { EnvClientOptions } from "@occ/core/env";
import type { Context, Env as HonoEnv } from "hono";

/**
 * The client options {@link clientCredentials} takes: those of `@occ/core`'s `createClient`, each one left out
 * read from its `OAUTH_*` variable, and without `waitUntil`, which the middleware takes from each request's
 * `c.executionCtx` where the runtime has one.
 */
export type HonoClientOptions = Omit<EnvClientOptions, "waitUntil">;

/** Options built from the request's context, e.g. from `c.env` bindings; sync or async. */
export type HonoClientOptionsFactory<E extends HonoEnv = HonoEnv> = (c: Context<E>) => HonoClientOptions | Promise<HonoClientOptions>;

/** Settings of the middleware itself, as opposed to the client's options. */
export interface ClientCredentialsSettings<E extends HonoEnv = HonoEnv> {
  /**
   * Turns an {@link OccError} raised by `c.var.occ` into the response sent to the caller. Default:
   * `occErrorResponse` (503 when the authorization server is unreachable or throttling, 502 when it refused,
   * 500 for local failures, with a generic JSON body).
   */
  onError?: (err: OccError, c: Context<E>) => Response | Promise<Response>;
}
