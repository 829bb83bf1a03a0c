import type { OccError } from "./errors.js";

/** How the client proves its identity to the token endpoint (RFC 6749 §2.3, RFC 7523). */
export type AuthMethod =
  | "client_secret_basic"
  | "client_secret_post"
  | "client_secret_jwt"
  | "private_key_jwt"
  | "tls_client_auth"
  | "self_signed_tls_client_auth"
  | "none";

/** What a {@link ClientAssertion} is told about the request it signs for. */
export interface AssertionContext {
  /** The token endpoint: the assertion's `aud` (RFC 7523 §3). */
  tokenUrl: string;
  /** The client id: the assertion's `iss` and `sub`. */
  clientId: string;
  /** The issuer, when the token endpoint was discovered from it; some servers also accept it as `aud`. */
  issuer?: string;
  /** Fires when the token request is cancelled or has timed out; a slow signer (a KMS call) may stop early. */
  signal?: AbortSignal;
}

/**
 * Produces a client assertion (RFC 7523): a signed JWT for `private_key_jwt` or `client_secret_jwt`, or a token
 * read from a file for workload identity federation. Called once per token request attempt.
 * `@occ/keys` makes them (`privateKeyJwt(key)`, `clientSecretJwt(secret)`); any function of this shape works.
 */
export interface ClientAssertion {
  (context: AssertionContext): string | Promise<string>;
  /**
   * Tells credentials apart in cache and store keys, so a client never reads a token obtained with other
   * credentials: a public-key thumbprint, a file path — never secret material. Absent: only the client id counts.
   */
  readonly credentialId?: string;
}

/**
 * Binds tokens to a key the client holds (DPoP, RFC 9449). Made by `dpop()` in `@occ/keys`; core only needs
 * this much, so it stays free of Web Crypto.
 */
export interface SenderConstraint {
  /** The `token_type` values accepted, lower case: `["dpop"]`, or `["dpop", "bearer"]` when a downgrade is allowed. */
  readonly tokenTypes: readonly string[];
  /** The JWK SHA-256 thumbprint (RFC 7638) of the public key: part of every store key and entry (`jkt`). */
  readonly thumbprint: string;
  /**
   * Wraps `fetch` so that each request carries a DPoP proof for its method and URL (with `ath` when it carries a
   * DPoP access token), and a `use_dpop_nonce` challenge (400 from the token endpoint, 401 from a resource) is
   * answered once with the server's `DPoP-Nonce`. Nonces are remembered per origin.
   */
  wrapFetch(inner: typeof fetch): typeof fetch;
}

/** Options for {@link createClient}. Exactly one of `tokenUrl` or `issuer` is required. */
export interface ClientOptions {
  /** The token endpoint. Must be `https:` unless it is loopback or `allowInsecureHttp` is set. */
  tokenUrl?: string | URL;
  /**
   * The authorization server's issuer identifier. The token endpoint is discovered from
   * `/.well-known/oauth-authorization-server` (RFC 8414), then `/.well-known/openid-configuration`,
   * once per client; the discovered `issuer` must equal this value.
   */
  issuer?: string | URL;
  /** The client identifier issued by the authorization server. */
  clientId: string;
  /** The client secret, for `client_secret_basic` and `client_secret_post`. Never logged, stored or serialized. */
  clientSecret?: string;
  /** Client authentication method. Default `client_secret_basic`. */
  authMethod?: AuthMethod;
  /**
   * Produces a signed client assertion (RFC 7523) for `private_key_jwt`. Called once per token request
   * attempt, so each assertion can carry a fresh `jti`. occ signs nothing itself.
   */
  clientAssertion?: (ctx: { tokenUrl: string; clientId: string }) => string | Promise<string>;
  /** Scopes to request. An array is joined with spaces. */
  scope?: string | string[];
  /** The `audience` parameter used by Auth0 and others. */
  audience?: string;
  /** RFC 8707 resource indicator(s), sent as repeated `resource` parameters. */
  resource?: string | string[];
  /** Extra form parameters for the token request. They cannot override the ones occ sets. */
  params?: Record<string, string>;
  /**
   * Where tokens are shared across clients, isolates or processes, such as a {@link memoryStore} passed to several
   * clients. Without one, the client's own memory is the cache (it behaves as a private `memoryStore()`).
   */
  store?: TokenStore;
  /** Seconds before expiry at which a token is refreshed in the background. Default 60, capped at half the token's lifetime. */
  refreshSkew?: number;
  /** Token lifetime in seconds when the server sends no `expires_in` and the token is not a JWT with `exp`. Default 300. */
  defaultExpiresIn?: number;
  /** Milliseconds allowed for one attempt (connect, headers and body). Default 10 000. */
  timeout?: number;
  /** Retries after network errors, timeouts, 408, 429 and 5xx, with jittered backoff and `Retry-After`. Default 2. */
  retries?: number;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Keeps background refreshes alive on edge runtimes (`ctx.waitUntil`). */
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
  /** Skip every cache and get a new token from the token endpoint. */
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
  /** The token type; `bearer` in any case is normalized to `Bearer`. */
  tokenType: string;
  /** When the token expires, in epoch milliseconds, counted from when the request was sent. */
  expiresAt: number;
  /** The granted scope: the server's `scope`, or the requested one when the server omits it. */
  scope?: string;
}

/** What a {@link TokenStore} holds for a token: plain JSON, never the client secret. */
export interface StoredToken extends AccessToken {
  /** When the token request was sent, in epoch milliseconds. Used to cap the refresh skew at half the lifetime. */
  issuedAt: number;
  /** The DPoP key's thumbprint for a sender-constrained token; a client holding another key never uses it. */
  jkt?: string;
}

/**
 * A pause one instance learned — a `Retry-After`, or a cool-down after refusals such as `invalid_client` —
 * stored beside the token so the rest of a fleet waits too instead of each learning it the hard way.
 */
export interface StoredPause {
  /** No token request before this, in epoch milliseconds. */
  pausedUntil: number;
  /** The code of the error that caused it; callers without a token get an error with this code. */
  code: string;
  /** That error's message (already free of secrets). */
  message: string;
  /** That error's HTTP status, when a response caused it. */
  status?: number;
}

/** Every value occ writes to a {@link TokenStore}. */
export type StoredValue = StoredToken | StoredPause;

/**
 * Where tokens are shared: across clients, isolates or processes. Every method may be sync or async.
 * Values are plain JSON objects; stores may serialize them. A store should drop an entry after `ttlSeconds`,
 * but occ never trusts that: it checks `expiresAt` on every read. A call that throws, or takes longer than the
 * client's `timeout`, is reported as a `store_error` event and occ carries on without the store.
 */
export interface TokenStore {
  /** The value stored under `key`, or undefined. occ validates what comes back. */
  get(key: string): StoredValue | undefined | Promise<StoredValue | undefined>;
  /** Stores `value` under `key`, to be dropped after `ttlSeconds` (a store may round it up to its own minimum). */
  set(key: string, value: StoredValue, ttlSeconds: number): void | Promise<void>;
  /** Forgets `key`; not an error when it is absent. */
  delete(key: string): void | Promise<void>;
  /**
   * Optional, with {@link TokenStore.releaseLease}: a lease that lets one instance of a fleet refresh a shared
   * token while the others keep serving the current one and then take the new one from the store.
   * Takes the lease named `key` for `owner` when nobody holds it or its holder's `ttlMs` has passed; resolves
   * true when `owner` holds it now. Must be atomic across every process sharing the store.
   */
  acquireLease?(key: string, owner: string, ttlMs: number): boolean | Promise<boolean>;
  /** Gives up the lease if `owner` still holds it — never another owner's. Resolves true when it was still held. */
  releaseLease?(key: string, owner: string): boolean | Promise<boolean>;
}

/**
 * What the token endpoint said about its rate limit or quota (`RateLimit-*`, `X-RateLimit-*`, Auth0's
 * `Auth0-Client-Quota-Limit`), so an operator sees a monthly machine-to-machine quota draining.
 */
export interface TokenQuota {
  /** The header it was read from, lower case. */
  header: string;
  limit?: number;
  remaining?: number;
  /** When the quota or limit resets, in epoch milliseconds. */
  resetAt?: number;
}

/** Events reported through {@link ClientOptions.onEvent}. None carries a secret or an access token. */
export type OccEvent =
  | {
      /** A token came from the token endpoint. */
      type: "token_fetched";
      key: string;
      expiresAt: number;
      /** Attempts made, 1 when no retry was needed. */
      attempts: number;
      durationMs: number;
      /** True when this was a refresh-ahead in the background. */
      background: boolean;
      /** The endpoint's rate-limit or quota headers, when it sent any. */
      quota?: TokenQuota;
    }
  | {
      /** A token was served without a request: from this client's memory or from the store. */
      type: "token_cached";
      key: string;
      expiresAt: number;
      source: "memory" | "store";
    }
  | {
      /**
       * Getting a token failed: a request that failed (after its retries), or a call refused at once during a
       * pause (`attempts: 0`) — a `Retry-After` or a cool-down after failures.
       */
      type: "token_failed";
      key: string;
      error: OccError;
      /** Requests made; 0 when the call was refused during a pause without asking the server. */
      attempts: number;
      durationMs: number;
      /** True for a refresh-ahead in the background. */
      background: boolean;
      /** True when a still-valid cached token was served despite the failure. */
      served: boolean;
      /** No token request is sent before this (epoch ms): the pause that follows this failure. */
      retryAt?: number;
    }
  | {
      /** A token request attempt failed and will be retried after `delayMs`. */
      type: "retry";
      key: string;
      attempt: number;
      delayMs: number;
      error: OccError;
    }
  | {
      /** The store failed, hung, or held something that is not a valid entry; occ carried on without it. */
      type: "store_error";
      key: string;
      operation: "get" | "set" | "delete" | "lease";
      error: OccError;
    }
  | {
      /** The token endpoint was discovered from the issuer's metadata. */
      type: "discovered";
      issuer: string;
      tokenUrl: string;
    }
  | {
      /**
       * The server refused the credentials in use and other configured ones worked: the next secret of a rotation
       * list, or `client_secret_post` after Basic credentials the server did not decode. Remembered from then on.
       */
      type: "credentials_switched";
      key: string;
      /** The client-authentication method that worked. */
      method: AuthMethod;
      /** Which entry of `clientSecret` worked, 0 for the first; never the secret itself. */
      secretIndex: number;
    }
  | {
      /** Fleet coordination through the store's lease: who refreshes a shared token. */
      type: "lease";
      key: string;
      /**
       * `acquired`: this instance refreshes; `busy`: another one is, this one keeps serving its token;
       * `taken_over`: the holder did not deliver within its lease and this instance took over;
       * `lost`: this instance's refresh outlived its lease.
       */
      outcome: "acquired" | "busy" | "taken_over" | "lost";
    }
  | {
      /** The `waitUntil` hook threw (an unbound `ctx.waitUntil` does); the work went on without it. */
      type: "wait_until_failed";
      key: string;
      error: unknown;
    };
