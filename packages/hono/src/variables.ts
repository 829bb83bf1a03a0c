import type { Client } from "@occ/core";

/**
 * The variables {@link clientCredentials} sets: `c.var.occ`, a ready {@link Client}. Name it in your app's
 * `Variables` (`new Hono<{ Bindings: B; Variables: ClientCredentialsVariables }>()`) to type routes the
 * middleware does not wrap directly.
 */
export type ClientCredentialsVariables = {
  /** The client-credentials client for this request's configuration. */
  occ: Client;
};

/** The Hono `Env` that {@link clientCredentials} adds: `new Hono<ClientCredentialsEnv>()`. */
export type ClientCredentialsEnv = {
  Variables: ClientCredentialsVariables;
};
