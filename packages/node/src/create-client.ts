import { readFile } from "node:fs/promises";
import process from "node:process";
import { type Client, type ClientAssertion, createClient as createCoreClient } from "@occ/core";
import { fileAssertion, optionsFromEnv } from "@occ/core/env";
import { privateKeyJwt } from "@occ/keys";
import type { NodeClientOptions } from "./env-options.js";

/**
 * A client assertion read from `path` for every token request, so a rotated file (a Kubernetes projected
 * service-account token, a SPIFFE JWT-SVID) is picked up without a restart. Also `OAUTH_CLIENT_ASSERTION_FILE`.
 *
 * @example
 * ```ts
 * createClient({ authMethod: "private_key_jwt", clientAssertion: clientAssertionFile("/var/run/secrets/tokens/azure") });
 * ```
 */
export const clientAssertionFile = (path: string): ClientAssertion => fileAssertion(path, (file) => readFile(file, "utf8"));

/**
 * Creates a client-credentials {@link Client}, taking every option you leave out from the environment:
 * `OAUTH_TOKEN_URL` (or `OAUTH_ISSUER`), `OAUTH_CLIENT_ID`, `OAUTH_CLIENT_SECRET` (and `OAUTH_CLIENT_SECRET_PREVIOUS`),
 * `OAUTH_AUTH_METHOD`, `OAUTH_SCOPE`, `OAUTH_AUDIENCE`, `OAUTH_RESOURCE`, `OAUTH_PRIVATE_KEY` (with
 * `OAUTH_PRIVATE_KEY_ID`), `OAUTH_CLIENT_ASSERTION_FILE` and `OAUTH_CLIENT_ASSERTION_TYPE`. Explicit options win.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable (never a secret).
 */
export function createClient(options: NodeClientOptions = {}): Client {
  const { env = process.env, ...explicit } = options;
  return createCoreClient(
    optionsFromEnv(explicit, (name) => env[name], {
      caller: "@occ/node createClient",
      hint: "Set them in the environment, or pass the matching options.",
      privateKeyJwt,
      assertionFile: clientAssertionFile,
    }),
  );
}
