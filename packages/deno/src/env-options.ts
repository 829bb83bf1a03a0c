import { type AuthMethod, type ClientOptions, INVALID_OPTIONS, OccError } from "@occ/core";
import type { DenoRuntime } from "./deno-runtime.ts";

const AUTH_METHODS: readonly string[] = [
  "client_secret_basic",
  "client_secret_post",
  "private_key_jwt",
  "none",
] satisfies AuthMethod[];

/**
 * Fills every option the caller left undefined from its `OAUTH_*` variable. Explicit options always win.
 * Values never appear in an error: names only, since `OAUTH_CLIENT_SECRET` is among them.
 */
export function withEnvFallbacks(
  options: Omit<ClientOptions, "clientId"> & { clientId?: string },
  deno: DenoRuntime,
): ClientOptions {
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
      const value = deno.env.get(name);
      return value === "" ? undefined : value;
    } catch (error) {
      if (!(error instanceof deno.errors.NotCapable || error instanceof deno.errors.PermissionDenied)) throw error;
      denied.push(name);
      deniedCause ??= error;
      return undefined;
    }
  };

  const fromEnv: Partial<ClientOptions> = {};
  const missing: string[] = [];
  const missingOptions: string[] = [];

  if (options.authMethod === undefined) {
    const authMethod = read("OAUTH_AUTH_METHOD", false);
    if (authMethod !== undefined) {
      if (!AUTH_METHODS.includes(authMethod)) {
        throw new OccError(INVALID_OPTIONS, `createClient: OAUTH_AUTH_METHOD must be one of ${AUTH_METHODS.join(", ")}`);
      }
      fromEnv.authMethod = authMethod as AuthMethod;
    }
  }
  if (options.scope === undefined) fromEnv.scope = read("OAUTH_SCOPE", false);
  if (options.audience === undefined) fromEnv.audience = read("OAUTH_AUDIENCE", false);
  if (options.resource === undefined) {
    // Resource indicators are absolute URIs, which cannot contain whitespace: a list is space-separated.
    const resources = read("OAUTH_RESOURCE", false)?.split(/\s+/).filter(Boolean) ?? [];
    if (resources.length > 0) fromEnv.resource = resources.length === 1 ? resources[0] : resources;
  }

  if (options.tokenUrl === undefined && options.issuer === undefined) {
    const tokenUrl = read("OAUTH_TOKEN_URL", true);
    const issuer = read("OAUTH_ISSUER", true);
    if (tokenUrl !== undefined && issuer !== undefined) {
      throw new OccError(INVALID_OPTIONS, "createClient: set OAUTH_TOKEN_URL or OAUTH_ISSUER, not both");
    }
    if (tokenUrl !== undefined) fromEnv.tokenUrl = tokenUrl;
    else if (issuer !== undefined) fromEnv.issuer = issuer;
    else {
      missing.push("OAUTH_TOKEN_URL (or OAUTH_ISSUER)");
      missingOptions.push("tokenUrl (or issuer)");
    }
  }

  const clientId = options.clientId ?? read("OAUTH_CLIENT_ID", true);
  if (clientId === undefined) {
    missing.push("OAUTH_CLIENT_ID");
    missingOptions.push("clientId");
  }

  const method = options.authMethod ?? fromEnv.authMethod ?? "client_secret_basic";
  if ((method === "client_secret_basic" || method === "client_secret_post") && options.clientSecret === undefined) {
    fromEnv.clientSecret = read("OAUTH_CLIENT_SECRET", true);
    if (fromEnv.clientSecret === undefined) {
      missing.push("OAUTH_CLIENT_SECRET");
      missingOptions.push("clientSecret");
    }
  }

  if (denied.length > 0) {
    throw new OccError(
      INVALID_OPTIONS,
      `createClient: Deno denied access to ${denied.join(", ")}. ` +
        `Run with --allow-env=OAUTH_* (or --allow-env), or pass ${missingOptions.join(", ")} to createClient`,
      { cause: deniedCause },
    );
  }
  if (missing.length > 0 || clientId === undefined) {
    throw new OccError(
      INVALID_OPTIONS,
      `createClient: missing configuration. Set ${missing.join(", ")}, or pass ${missingOptions.join(", ")} to createClient`,
    );
  }
  return { ...options, ...fromEnv, clientId };
}
