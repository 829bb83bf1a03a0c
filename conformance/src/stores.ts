/**
 * Stores the cases share tokens through. Each is made with `defineStore`, the only way a store reaches a client.
 */
import { defineStore, type SharedStore, type StoredValue } from "@occ/core";

/** One `set` call as the store received it. */
export interface StoreWrite {
  key: string;
  /** The value as JSON text: what a KV store, Redis or a Durable Object would hold. */
  json: string;
  ttlSeconds: number;
}

/** A store that keeps values as JSON text, like every out-of-process store, and shows what it was given. */
export interface JsonStore extends SharedStore {
  /** Every `set`, in order. */
  readonly writes: StoreWrite[];
  /** Every key and JSON value it holds now. */
  dump(): string;
}

/**
 * A store that serializes on `set` and parses on `get`, so a value that does not survive JSON (a non-finite number
 * becomes `null`) comes back changed, as it would from Workers KV or Redis.
 */
export function jsonStore(): JsonStore {
  const entries = new Map<string, string>();
  const writes: StoreWrite[] = [];
  const store = defineStore({
    get: (key: string) => {
      const json = entries.get(key);
      return json === undefined ? undefined : (JSON.parse(json) as StoredValue);
    },
    set: (key: string, value: StoredValue, ttlSeconds: number) => {
      const json = JSON.stringify(value);
      writes.push({ key, json, ttlSeconds });
      entries.set(key, json);
    },
    delete: (key: string) => void entries.delete(key),
  });
  return Object.assign(store, { writes, dump: () => JSON.stringify([...entries]) });
}

/** The writes that stored a token (not a pause), parsed. */
export function tokenWrites(store: JsonStore): { key: string; value: Record<string, unknown>; ttlSeconds: number }[] {
  return store.writes
    .map((write) => ({ key: write.key, value: JSON.parse(write.json) as Record<string, unknown>, ttlSeconds: write.ttlSeconds }))
    .filter((write) => "accessToken" in write.value);
}
