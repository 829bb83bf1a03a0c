import { defineStore, INVALID_OPTIONS, OccError, type SharedStore, type StoredValue, type TokenStore } from "@occ/core";
import { acquireLease, releaseLease } from "./kv-lease.ts";

/** Options for {@link denoKvStore}. */
export interface DenoKvStoreOptions {
  /** First part of every key, so occ's entries stay apart from the app's. Default `"occ"`. */
  prefix?: string;
}

/**
 * A {@link TokenStore} on Deno KV, shared by every client, isolate or process that opens the same database.
 * Entries are written with `expireIn`, but Deno KV expires keys lazily: an expired key can still be read for
 * a while. That is safe because occ checks `expiresAt` on every read and never serves an expired token.
 *
 * Values live under `[prefix, key]`; the lease that lets one instance refresh a shared token while the others
 * keep serving theirs lives under `[prefix, "lease", key]`, taken and released with versionstamp-checked atomic
 * operations, so it is exclusive across every process on the database.
 *
 * @param kv An open handle, e.g. `await Deno.openKv()` (needs `--unstable-kv` outside Deno Deploy).
 */
export function denoKvStore(kv: Deno.Kv, options: DenoKvStoreOptions = {}): SharedStore & Required<TokenStore> {
  const prefix = options.prefix ?? "occ";
  if (typeof prefix !== "string" || prefix === "") {
    throw new OccError(INVALID_OPTIONS, "denoKvStore: prefix must be a non-empty string");
  }

  return defineStore<Required<TokenStore>>({
    async get(key) {
      // Another writer, an older version or a hand edit may have left anything here: core checks the shape,
      // reports what is not a token as a `store_error` event, and replaces it.
      const entry = await kv.get<StoredValue>([prefix, key]);
      return entry.value ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      // Deno KV wants a whole, non-negative number of milliseconds.
      const expireIn = Math.max(1, Math.ceil(ttlSeconds * 1000));
      await kv.set([prefix, key], value, { expireIn });
    },
    async delete(key) {
      await kv.delete([prefix, key]);
    },
    acquireLease(key, owner, ttlMs) {
      return acquireLease(kv, [prefix, "lease", key], owner, ttlMs);
    },
    releaseLease(key, owner) {
      return releaseLease(kv, [prefix, "lease", key], owner);
    },
  });
}
