import type { ShareConfig, SharedTokens } from "../cache/shared-tokens.js";
import type { TokenStore } from "../token-store.js";
import { share } from "./share.js";
import { SHARE } from "./share-symbol.js";

/**
 * A {@link TokenStore} ready to be a client's `store`. It carries the code that shares tokens through it — checked
 * reads, background writes, fleet pauses and leases — so a client without a store ships none of it.
 */
export interface SharedStore extends TokenStore {
  /** Used by `createClient`. */
  readonly [SHARE]: (config: ShareConfig) => SharedTokens;
}

/**
 * Makes a client `store` from your own {@link TokenStore} (every store occ ships is made this way). Give it
 * `acquireLease` and `releaseLease` and a fleet sharing the store refreshes each token once.
 *
 * @example
 * ```ts
 * const store = defineStore({ get: (key) => map.get(key), set: (key, value) => void map.set(key, value), delete: (key) => void map.delete(key) });
 * ```
 */
export function defineStore<T extends TokenStore>(store: T): T & SharedStore {
  // Not enumerable: a store logged or serialized shows only its own methods.
  return Object.defineProperty(Object.create(store), SHARE, { value: (config: ShareConfig) => share(store, config) }) as T & SharedStore;
}
