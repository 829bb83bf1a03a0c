import { defineStore, INVALID_OPTIONS, OccError, type SharedStore, type TokenStore } from "@occ/core";
import type { KVNamespaceLike } from "./platform-types.js";

/** Options for {@link kvStore}. */
export interface KvStoreOptions {
  /** First part of every key (`<prefix>:<key>`), so occ's entries stay apart from the app's. Default `"occ"`, as for every occ store. */
  prefix?: string;
}

/** Workers KV rejects an `expirationTtl` below 60 seconds. */
const KV_MIN_TTL_SECONDS = 60;

/**
 * A {@link TokenStore} on a Workers KV namespace, shared by every isolate and location of a Worker.
 *
 * Values are JSON. KV cannot expire an entry sooner than 60 s after it is written, so shorter TTLs are
 * raised to 60 s; occ still never serves a token past its `expiresAt`, which it checks on every read.
 * A value that is not a token (corrupt, or written by something else) is handed to occ as it is: occ reports it
 * as a `store_error` event, fetches a new token and overwrites it.
 *
 * @example
 * ```ts
 * import { createClient } from "@occ/core";
 * const client = createClient({ tokenUrl, clientId, clientSecret, store: kvStore(env.OAUTH_TOKENS) });
 * ```
 */
export function kvStore(namespace: KVNamespaceLike, options: KvStoreOptions = {}): SharedStore {
  const prefix = options.prefix ?? "occ";
  if (typeof prefix !== "string" || prefix === "") throw new OccError(INVALID_OPTIONS, "kvStore: prefix must be a non-empty string");
  const named = (key: string) => `${prefix}:${key}`;
  return defineStore<TokenStore>({
    async get(key) {
      // Not JSON throws here, and core reports it; the shape of what parses is core's to judge.
      const text = await namespace.get(named(key), "text");
      return text === null ? undefined : JSON.parse(text);
    },
    async set(key, value, ttlSeconds) {
      const expirationTtl = Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ttlSeconds));
      await namespace.put(named(key), JSON.stringify(value), { expirationTtl });
    },
    async delete(key) {
      await namespace.delete(named(key));
    },
  });
}
