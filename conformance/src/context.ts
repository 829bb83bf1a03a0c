/**
 * What every case receives, and the shape of a case. Only web-standard APIs and `@occ/core`.
 */
import type { Client, ClientOptions, OccEvent } from "@occ/core";
import type { Fault } from "./fault.ts";

/** Credentials of one client registered on the real authorization server. */
export interface Credentials {
  clientId: string;
  clientSecret: string;
}

/** Where the Node driver started the servers; handed to every runtime as JSON. */
export interface ConformanceEnv {
  /** The runtime's row name in the matrix, e.g. `node20` or `workerd`. */
  runtime: string;
  /** The oidc-provider issuer (`startAuthServer`). */
  issuer: string;
  /** Its token endpoint. */
  tokenUrl: string;
  /** The demo clients the suite uses: basic and post, both with reserved-character ids and secrets. */
  clients: { basic: Credentials; post: Credentials };
  /** The JWT-verifying protected API (`startProtectedApi`), trusting `issuer`. */
  apiUrl: string;
  /** The fault server (`startFaultServer`). */
  faultUrl: string;
  /** A loopback URL on which nothing listens. */
  closedUrl: string;
}

/** Per-case helpers. */
export interface Context {
  env: ConformanceEnv;
  fault: Fault;
  /** A fresh id for fault-server paths, unique across runtimes and cases. */
  id(): string;
  /** `createClient` that records every event, so the runner can check all of them for the secret. */
  createClient(options: ClientOptions): Client;
  /** Every event of the clients this case created, in order. */
  events: OccEvent[];
  /** The runtime's own object inspector (`util.inspect`, `Deno.inspect`, `Bun.inspect`), where it has one. */
  inspect: ((value: unknown) => string) | undefined;
}

/** One behaviour, run unchanged in every runtime. Throws to fail. */
export interface Case {
  name: string;
  run(ctx: Context): Promise<void>;
}
