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
  /** The pair the fault server's `basic-*` scenarios accept by default: reserved characters, a `:` in the secret. */
  faultClient: Credentials;
  /** A loopback URL on which nothing listens. */
  closedUrl: string;
  /** Clients and servers for the `@occ/keys` cases. */
  keys: KeysEnv;
}

/** A `private_key_jwt` client registered with the public half of `pem`/`jwk` (test keys, made by the driver). */
export interface KeyClient {
  clientId: string;
  pem: string;
  jwk: JsonWebKey;
}

/** What the `@occ/keys` cases use. The token endpoint requires DPoP nonces, so every DPoP case meets a challenge. */
export interface KeysEnv {
  /** One client per algorithm, each allowed only that algorithm. */
  privateKeyJwt: Record<"RS256" | "PS256" | "ES256" | "EdDSA", KeyClient>;
  /** A `client_secret_jwt` client. */
  secretJwt: Credentials;
  /** A `dpop_bound_access_tokens` client (`client_secret_basic`). */
  dpop: Credentials;
  /** A protected API that requires its own DPoP nonce (RFC 9449 §9). */
  nonceApiUrl: string;
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
