import { INVALID_OPTIONS, OccError, type StoredToken, type TokenStore } from "@occ/core";

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
 * @param kv An open handle, e.g. `await Deno.openKv()` (needs `--unstable-kv` outside Deno Deploy).
 */
export function denoKvStore(kv: Deno.Kv, options: DenoKvStoreOptions = {}): TokenStore {
  const prefix = options.prefix ?? "occ";
  if (typeof prefix !== "string" || prefix === "") {
    throw new OccError(INVALID_OPTIONS, "denoKvStore: prefix must be a non-empty string");
  }

  return {
    async get(key) {
      // Another writer, an older version or a hand edit may have left anything here: core checks the shape,
      // reports what is not a token as a `store_error` event, and replaces it.
      const entry = await kv.get<StoredToken>([prefix, key]);
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
  };
}
