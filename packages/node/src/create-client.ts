import process from "node:process";
import { type Client, createClient as createCoreClient } from "@occ/core";
import { type NodeClientOptions, resolveOptions } from "./env-options.js";

/**
 * Creates a client-credentials {@link Client}, taking every option you leave out from the environment:
 * `OAUTH_TOKEN_URL` (or `OAUTH_ISSUER`), `OAUTH_CLIENT_ID`, `OAUTH_CLIENT_SECRET`, `OAUTH_SCOPE` (space separated),
 * `OAUTH_AUDIENCE`, `OAUTH_RESOURCE` (space separated) and `OAUTH_AUTH_METHOD`. Explicit options win.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable (never a value).
 */
export function createClient(options: NodeClientOptions = {}): Client {
  return createCoreClient(resolveOptions(options, options.env ?? process.env));
}
