import { INVALID_OPTIONS, OccError } from "./errors.js";
import type { StoredValue, TokenStore } from "./types.js";

/** Options for {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Entries kept at most; the least recently used one is dropped first. Default 1000. */
  maxEntries?: number;
  /** Clock in epoch milliseconds, for the store's own TTL. Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  value: StoredValue;
  deadline: number;
}

/**
 * An in-process {@link TokenStore}: bounded (LRU), honours the TTL it is given, and keeps frozen copies so a
 * caller cannot change what another caller reads.
 */
export function memoryStore(options: MemoryStoreOptions = {}): TokenStore {
  const maxEntries = options.maxEntries ?? 1000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new OccError(INVALID_OPTIONS, "memoryStore: maxEntries must be a positive integer");
  }
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on read keeps the least recently used entry first.
  const entries = new Map<string, Entry>();

  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (entry.deadline <= now()) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { value: Object.freeze({ ...value }), deadline: now() + ttlSeconds * 1000 });
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
