import { type Client, createClient as createCoreClient } from "@occ/core";
import type { EnvClientOptions } from "@occ/core/env";
import { denoRuntime } from "./deno-runtime.ts";
import { withEnvFallbacks } from "./env-options.ts";

/** Options for {@link createClient}: those of `@occ/core`, where everything that has an `OAUTH_*` variable may be left out. */
export type DenoClientOptions = EnvClientOptions;

/**
 * An occ client configured from options, falling back to environment variables for any option left out:
 * `OAUTH_TOKEN_URL` (or `OAUTH_ISSUER`), `OAUTH_CLIENT_ID`, `OAUTH_CLIENT_SECRET` (and `OAUTH_CLIENT_SECRET_PREVIOUS`),
 * `OAUTH_AUTH_METHOD`, `OAUTH_SCOPE`, `OAUTH_AUDIENCE`, `OAUTH_RESOURCE` (space-separated), `OAUTH_PRIVATE_KEY`
 * (with `OAUTH_PRIVATE_KEY_ID`), `OAUTH_CLIENT_ASSERTION_FILE` and `OAUTH_CLIENT_ASSERTION_TYPE`. Share tokens
 * through Deno KV with `store: denoKvStore(await Deno.openKv())`.
 *
 * The token URL, client id and credentials are read only when not passed, and need `--allow-env` (`--allow-env=OAUTH_*`
 * is enough); the optional variables are read only when env access is already granted, so a client configured
 * entirely in code runs without `--allow-env`.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing variable, or the `--allow-env` flag to add.
 */
export function createClient(options: DenoClientOptions = {}): Client {
  return createCoreClient(withEnvFallbacks(options, denoRuntime()));
}
