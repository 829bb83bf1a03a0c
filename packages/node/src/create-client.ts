import process from "node:process";
import { type Client, createClient as createCoreClient } from "@occ/core";
import { optionsFromEnv } from "@occ/core/env";
import type { NodeClientOptions } from "./env-options.js";

/**
 * Creates a client-credentials {@link Client}, taking every option you leave out from the environment:
 * `OAUTH_TOKEN_URL` (or `OAUTH_ISSUER`), `OAUTH_CLIENT_ID`, `OAUTH_CLIENT_SECRET`, `OAUTH_SCOPE` (space separated),
 * `OAUTH_AUDIENCE`, `OAUTH_RESOURCE` (space separated) and `OAUTH_AUTH_METHOD`. Explicit options win.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable (never a value).
 */
export function createClient(options: NodeClientOptions = {}): Client {
  const { env = process.env, ...explicit } = options;
  return createCoreClient(
    optionsFromEnv(explicit, (name) => env[name], {
      caller: "@occ/node createClient",
      hint: "Set the environment variables or pass the matching options.",
    }),
  );
}
