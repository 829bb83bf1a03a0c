import type { AccessToken } from "./types.js";

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
