import type { Client } from "@occ/core";

/**
 * The Hono `Env` that {@link clientCredentials} adds: `c.var.occ` is a ready {@link Client}.
 * Use it as `new Hono<Env>()`, or intersect it with your own bindings: `new Hono<{ Bindings: B } & Env>()`.
 */
export type Env = {
  Variables: {
    /** The client-credentials client for this request's configuration. */
    occ: Client;
  };
};
