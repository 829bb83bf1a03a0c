import { type Client, createClient as createCoreClient, INVALID_OPTIONS, OccError } from "@occ/core";
import type { EnvClientOptions } from "@occ/core/env";
import { denoRuntime } from "./deno-runtime.ts";
import { withEnvFallbacks } from "./env-options.ts";
import { denoKvStore } from "./kv-store.ts";

/**
 * Options for {@link createClient}: those of `@occ/core`, where everything that has an `OAUTH_*` variable may
 * be left out, plus an optional Deno KV handle.
 */
export interface DenoClientOptions extends EnvClientOptions {
  /** Share tokens through this Deno KV database (under the `"occ"` prefix). Use `store` with {@link denoKvStore} for another prefix. */
  kv?: Deno.Kv;
}

/**
 * An occ client configured from options, falling back to environment variables for any option left out:
 * `OAUTH_TOKEN_URL` (or `OAUTH_ISSUER`), `OAUTH_CLIENT_ID`, `OAUTH_CLIENT_SECRET`, `OAUTH_SCOPE`,
 * `OAUTH_AUDIENCE`, `OAUTH_RESOURCE` (space-separated) and `OAUTH_AUTH_METHOD`.
 *
 * The token URL, client id and secret are read only when not passed, and need `--allow-env` (`--allow-env=OAUTH_*`
 * is enough); the optional variables are read only when env access is already granted, so a client configured
 * entirely in code runs without `--allow-env`.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing variable, or the `--allow-env` flag to add.
 */
export function createClient(options: DenoClientOptions = {}): Client {
  const { kv, ...rest } = options;
  if (kv !== undefined && rest.store !== undefined) {
    throw new OccError(INVALID_OPTIONS, "createClient: pass kv or store, not both");
  }
  const resolved = withEnvFallbacks(rest, denoRuntime());
  return createCoreClient(kv === undefined ? resolved : { ...resolved, store: denoKvStore(kv) });
}
