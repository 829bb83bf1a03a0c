import type { OccEvent } from "../events.js";
import type { SharedTokens } from "./shared-tokens.js";

/** What a token cache is configured with. It knows no URL, secret or authentication method. */
export interface CacheConfig {
  /** The store key, also the `key` of every event. */
  key: string;
  /** The shared store's side of the cache, when the client has a store. */
  shared: SharedTokens | undefined;
  /** How long before expiry a token is refreshed, in ms; capped at half the token's lifetime. */
  refreshSkewMs: number;
  /** How long one whole token request may take, retries included: a lease holder's time to deliver. */
  requestBudgetMs: number;
  now: () => number;
  /** Spreads refresh points and cool-downs; injectable so tests are deterministic. */
  random: () => number;
  emit: (event: OccEvent) => void;
  waitUntil: ((promise: Promise<unknown>) => void) | undefined;
}
