import type { OccEvent } from "./events.js";
import type { SharedStore } from "./shared/define-store.js";
import type { AuthMethod, ClientAssertion, SenderConstraint } from "./credentials.js";
import type { DiscoveredEndpoint } from "./discovered-endpoint.js";

/** Options for {@link createClient}. */
export interface ClientOptions {
  /**
   * The token endpoint. Must be `https:` unless it is loopback or `allowInsecureHttp` is set. Or
   * `discover(issuer)` to find it in the issuer's metadata (RFC 8414, then OpenID Connect discovery).
   */
  tokenUrl: string | URL | DiscoveredEndpoint;
  /** The client identifier issued by the authorization server. */
  clientId: string;
  /**
   * The client secret. A list — newest first — carries a rotation: when the server refuses one with
   * `invalid_client`, the next is tried and the one that works is kept. Never logged, stored or serialized.
   */
  clientSecret?: string | readonly string[];
  /**
   * Client authentication method. Default with a `clientSecret`: `client_secret_basic`, falling back once to
   * `client_secret_post` when the server refuses Basic credentials that form-encoding changed (many servers do not
   * decode them); a method named here is used strictly. Default with a `clientAssertion`: `private_key_jwt`.
   */
  authMethod?: AuthMethod;
  /**
   * Produces the client assertion for `private_key_jwt` or `client_secret_jwt` (`privateKeyJwt(key)` from
   * `@occ/keys`, or your own signer). Called once per token request attempt, bounded by `timeout`.
   */
  clientAssertion?: ClientAssertion;
  /** The `client_assertion_type`. Default `urn:ietf:params:oauth:client-assertion-type:jwt-bearer`. */
  clientAssertionType?: string;
  /** Sender-constrained tokens (DPoP, RFC 9449): `await dpopKey()` from `@occ/keys`. */
  dpop?: SenderConstraint;
  /** Scopes to request. An array is joined with spaces. */
  scope?: string | readonly string[];
  /** The `audience` parameter used by Auth0 and others. */
  audience?: string;
  /** RFC 8707 resource indicator(s), sent as repeated `resource` parameters. */
  resource?: string | readonly string[];
  /** Extra form parameters for the token request. They cannot override the ones occ sets. */
  params?: Readonly<Record<string, string>>;
  /**
   * Where tokens are shared across clients, isolates or processes: `memoryStore()`, a platform store (Workers KV,
   * Deno KV, Redis, a Durable Object) or your own through `defineStore()`. Without one, the client's own memory is
   * the cache.
   */
  store?: SharedStore;
  /** Seconds before expiry at which a token is refreshed in the background. Default 60, capped at half the token's lifetime. */
  refreshSkew?: number;
  /** Token lifetime in seconds when the server sends no `expires_in` and the token is not a JWT with `exp`. Default 300. */
  defaultExpiresIn?: number;
  /** Milliseconds allowed for one attempt (signing, connect, headers and body). Default 10 000. */
  timeout?: number;
  /** Retries after network errors, timeouts, 408, 429 and 5xx, with jittered backoff and `Retry-After`. Default 2. */
  retries?: number;
  /**
   * The fetch implementation, for token requests and `client.fetch`. Default: the global `fetch`. An adapter's
   * `mtlsFetch` presents a client certificate (RFC 8705) and carries its thumbprint as `credentialId`.
   */
  fetch?: typeof fetch;
  /** Keeps background work alive on edge runtimes (`ctx.waitUntil`): refreshes and store writes. */
  waitUntil?: (promise: Promise<unknown>) => void;
  /** Allow a non-loopback `http:` token endpoint. Only for private networks you trust. */
  allowInsecureHttp?: boolean;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Observability hook. Events never carry the client secret or the access token. */
  onEvent?: (event: OccEvent) => void;
}

/** A client bound to one configuration (token endpoint, credentials, scope, audience, resource, params). */
export interface Client {
  /**
   * A valid access token: from memory, then the store, then the token endpoint. Concurrent callers share
   * one request. Inside the refresh window the cached token is returned at once and one background
   * refresh runs.
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /**
   * `fetch` with `Authorization: <token_type> <access_token>`. A 401 that reports `invalid_token` (or that
   * names no error) invalidates the token, fetches a new one and replays the request once, body included.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Forget the cached token, in memory and in the store. */
  invalidate(): Promise<void>;
}

/** Options for {@link Client.getToken}. */
export interface GetTokenOptions {
  /** Get a new token from the token endpoint, never one obtained before this call (a pause still applies). */
  forceRefresh?: boolean;
  /**
   * Stops this caller waiting. A request shared with other callers keeps running for them; once every caller
   * waiting for it has given up, it is cancelled, retries included.
   */
  signal?: AbortSignal;
}

/** An access token as issued by the token endpoint. */
export interface AccessToken {
  /** The access token itself. */
  accessToken: string;
  /** The token type: `Bearer` (any case from the server is normalized), or `DPoP` with {@link ClientOptions.dpop}. */
  tokenType: string;
  /** When the token expires, in epoch milliseconds, counted from when the request was sent. */
  expiresAt: number;
  /** The granted scope: the server's `scope`, or the requested one when the server omits it. */
  scope?: string;
}
