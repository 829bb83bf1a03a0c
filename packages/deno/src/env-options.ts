import { type ClientOptions, INVALID_OPTIONS, OccError } from "@occ/core";
import { type EnvClientOptions, optionsFromEnv } from "@occ/core/env";
import { privateKeyJwt } from "@occ/keys";
import { clientAssertionFile } from "./assertion-file.ts";
import type { DenoRuntime } from "./deno-runtime.ts";
import { labelledMtlsFetch } from "./mtls-fetch.ts";

const CALLER = "@occ/deno createClient";

/**
 * Fills every option the caller left undefined from its `OAUTH_*` variable. Explicit options always win.
 * Values never appear in an error: names only, since `OAUTH_CLIENT_SECRET` is among them.
 */
export function withEnvFallbacks(options: EnvClientOptions, deno: DenoRuntime): ClientOptions {
  const denied: string[] = [];
  let deniedCause: unknown;

  // A required variable is read even without a grant, so Deno can prompt for it or refuse it (and we explain
  // the flag). An optional one is read only when already granted, so a client configured in code needs no
  // --allow-env at all and never triggers a prompt.
  const read = (name: string, required: boolean): string | undefined => {
    if (!required && deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
      return undefined;
    }
    try {
      return deno.env.get(name);
    } catch (error) {
      if (!(error instanceof deno.errors.NotCapable || error instanceof deno.errors.PermissionDenied)) throw error;
      denied.push(name);
      deniedCause ??= error;
      return undefined;
    }
  };

  try {
    return optionsFromEnv(options, read, {
      caller: CALLER,
      hint: "Set the variables, or pass the matching options to createClient.",
      privateKeyJwt,
      assertionFile: clientAssertionFile,
      mtlsFetch: (tls, labels) => labelledMtlsFetch(tls, { where: CALLER, ...labels }),
      readTextFile: (path) => deno.readTextFileSync(path),
    });
  } catch (error) {
    if (denied.length === 0) throw error;
    throw new OccError(
      INVALID_OPTIONS,
      `@occ/deno createClient: Deno denied access to ${denied.join(", ")}. ` +
        "Run with --allow-env=OAUTH_* (or --allow-env), or pass the matching options to createClient.",
      { cause: deniedCause },
    );
  }
}
