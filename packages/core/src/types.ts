import type { OccError } from "./errors.js";

/** How the client proves its identity to the token endpoint (RFC 6749 §2.3, RFC 7523). */
export type AuthMethod = "client_secret_basic" | "client_secret_post" | "private_key_jwt" | "none";

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

/** What a {@link TokenStore} holds: plain JSON, never the client secret. */
export interface StoredToken extends AccessToken {
  /** When the token request was sent, in epoch milliseconds. Used to cap the refresh skew at half the lifetime. */
  issuedAt: number;
}

/**
 * Where tokens are shared: across clients, isolates or processes. Every method may be sync or async.
 * Values are plain JSON objects; stores may serialize them. A store should drop an entry after `ttlSeconds`,
 * but occ never trusts that: it checks `expiresAt` on every read. A call that throws, or takes longer than the
 * client's `timeout`, is reported as a `store_error` event and occ carries on without the store.
 */
export interface TokenStore {
  /** The value stored under `key`, or undefined. occ validates what comes back. */
  get(key: string): StoredToken | undefined | Promise<StoredToken | undefined>;
  /** Stores `value` under `key`, to be dropped after `ttlSeconds` (a store may round it up to its own minimum). */
  set(key: string, value: StoredToken, ttlSeconds: number): void | Promise<void>;
  /** Forgets `key`; not an error when it is absent. */
  delete(key: string): void | Promise<void>;
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
    }
  | {
      /** A token was served without a request: from this client's memory or from the store. */
      type: "token_cached";
      key: string;
      expiresAt: number;
      source: "memory" | "store";
    }
  | {
      /** A background refresh failed; the still-valid token keeps being served. */
      type: "refresh_failed";
      key: string;
      expiresAt: number;
      error: OccError;
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
      /** The store threw, or held something that is not a token; occ carried on without it. */
      type: "store_error";
      key: string;
      operation: "get" | "set" | "delete";
      error: unknown;
    }
  | {
      /** The token endpoint was discovered from the issuer's metadata. */
      type: "discovered";
      issuer: string;
      tokenUrl: string;
    };
