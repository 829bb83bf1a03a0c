import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import process from "node:process";
import { type Client, type ClientAssertion, createClient as createCoreClient } from "@occ/core";
import { fileAssertion, optionsFromEnv } from "@occ/core/env";
import { privateKeyJwt } from "@occ/keys";
import type { NodeClientOptions } from "./env-options.js";
import { labelledMtlsFetch } from "./mtls-fetch.js";

const CALLER = "@occ/node createClient";

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
 * With `tls_client_auth` or `self_signed_tls_client_auth` and no `fetch`, the client certificate comes from
 * `OAUTH_TLS_CERT` and `OAUTH_TLS_KEY` (and `OAUTH_TLS_CA`), each PEM text or a file path: see {@link mtlsFetch}.
 *
 * @throws {OccError} `OCC_INVALID_OPTIONS` naming every missing or invalid variable (never a secret);
 * `OCC_INVALID_KEY` naming a client certificate that has expired, is not valid yet or does not fit its key.
 */
export function createClient(options: NodeClientOptions = {}): Client {
  const { env = process.env, ...explicit } = options;
  return createCoreClient(
    optionsFromEnv(explicit, (name) => env[name], {
      caller: CALLER,
      hint: "Set them in the environment, or pass the matching options.",
      privateKeyJwt,
      assertionFile: clientAssertionFile,
      mtlsFetch: (tls, labels) => labelledMtlsFetch(tls, { where: CALLER, ...labels }),
      readTextFile: (path) => readFileSync(path, "utf8"),
    }),
  );
}
