import type { ClientAssertion } from "@occ/core";
import { fileAssertion } from "@occ/core/env";

/**
 * A client assertion read from `path` for every token request, so a rotated file (a projected service-account
 * token, a SPIFFE JWT-SVID) is picked up without a restart. Also `OAUTH_CLIENT_ASSERTION_FILE`. Needs `--allow-read`
 * for the path.
 *
 * @example
 * ```ts
 * import { clientAssertionFile, createClient } from "@occ/deno";
 * const client = createClient({ authMethod: "private_key_jwt", clientAssertion: clientAssertionFile("/var/run/secrets/token") });
 * ```
 */
export const clientAssertionFile = (path: string): ClientAssertion => fileAssertion(path, (file) => Deno.readTextFile(file));
