import type { OccEvent } from "../events.js";
import type { StoredToken } from "../token-store.js";
import type { Pause } from "./pause.js";

/** What the cache tells a store about itself. */
export interface ShareConfig {
  /** The store key, also the `key` of every event. */
  key: string;
  /** Lower-case token types the client understands. */
  tokenTypes: readonly string[];
  /** The client's DPoP key thumbprint; a token bound to another key (or to none) is not used. */
  jkt: string | undefined;
  /** Bound on each store call, in ms. */
  timeout: number;
  now: () => number;
  emit: (event: OccEvent) => void;
}

/** What the lease decided: refresh under it (or without one, when the store failed), or use another's token. */
export type Coordination = { held: boolean } | { token: StoredToken } | "busy";

/**
 * A cache's view of a shared store, made by the store itself (see `defineStore`), so that a client without a
 * store ships none of this. Every method is bounded and never throws: store failures become events.
 */
export interface SharedTokens {
  /** Without a lease, instances sharing the store would all refresh at one instant: spread them. */
  readonly spread: boolean;
  /** A stored token `usable` accepts, or undefined. */
  token(usable: (token: StoredToken) => boolean): Promise<StoredToken | undefined>;
  /** A pause another instance stored. */
  pause(): Promise<Pause | undefined>;
  /**
   * Who refreshes: this instance (holding the lease, or without one when the store has none or failed), another
   * one whose token arrived while waiting or just before the lease was taken, or `"busy"` — another one is
   * refreshing and `serving` is still valid.
   */
  coordinate(ttlMs: number, serving: () => StoredToken | undefined, usable: (token: StoredToken) => boolean, signal: AbortSignal): Promise<Coordination>;
  /** Stores a fetched token, then gives up the lease if held. */
  publish(token: StoredToken, held: boolean): Promise<void>;
  /** Gives up the lease if held, after a failed request. */
  release(held: boolean): Promise<void>;
  sharePause(pause: Pause): Promise<void>;
  remove(): Promise<void>;
}
