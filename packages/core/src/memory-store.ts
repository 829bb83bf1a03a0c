import { INVALID_OPTIONS, OccError } from "./errors.js";
import { defineStore, type SharedStore } from "./shared/define-store.js";
import type { StoredValue, TokenStore } from "./token-store.js";

/** Options for {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Entries kept at most; the least recently used one is dropped first. Default 1000. */
  maxEntries?: number;
  /** Clock in epoch milliseconds, for the store's own TTL. Default `Date.now`. */
  now?: () => number;
}

interface Entry<T> {
  value: T;
  deadline: number;
}

/**
 * An in-process {@link TokenStore}: bounded (LRU), honours the TTL it is given, keeps frozen copies so a caller
 * cannot change what another caller reads, and has the lease, so clients sharing it refresh a token once.
 */
export function memoryStore(options: MemoryStoreOptions = {}): SharedStore & Required<TokenStore> {
  const maxEntries = options.maxEntries ?? 1000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new OccError(INVALID_OPTIONS, "memoryStore: maxEntries must be a positive integer");
  }
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on read keeps the least recently used entry first.
  const entries = new Map<string, Entry<StoredValue>>();
  const leases = new Map<string, Entry<string>>();
  const live = <T>(map: Map<string, Entry<T>>, key: string) => {
    const entry = map.get(key);
    return entry !== undefined && entry.deadline > now() ? entry : undefined;
  };

  return defineStore<Required<TokenStore>>({
    get(key) {
      const entry = live(entries, key);
      entries.delete(key);
      if (entry) entries.set(key, entry);
      return entry?.value;
    },
    set(key, value, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { value: Object.freeze({ ...value }), deadline: now() + ttlSeconds * 1000 });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    delete(key) {
      entries.delete(key);
    },
    acquireLease(key, owner, ttlMs) {
      const holder = live(leases, key);
      if (holder !== undefined && holder.value !== owner) return false;
      leases.set(key, { value: owner, deadline: now() + ttlMs });
      // Expired leases of keys no longer used would otherwise pile up.
      if (leases.size > maxEntries) leases.delete(leases.keys().next().value!);
      return true;
    },
    releaseLease(key, owner) {
      const held = live(leases, key)?.value === owner;
      if (held) leases.delete(key);
      return held;
    },
  });
}
