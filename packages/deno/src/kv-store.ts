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
      const entry = await kv.get([prefix, key]);
      // Another writer, an older version or a hand edit may have left anything here: treat it as a miss.
      return isStoredToken(entry.value) ? entry.value : undefined;
    },
    async set(key, value, ttlSeconds) {
      // Deno KV wants a whole, non-negative number of milliseconds.
      const expireIn = Math.max(1, Math.ceil(ttlSeconds * 1000));
      await kv.set([prefix, key], toStored(value), { expireIn });
    },
    async delete(key) {
      await kv.delete([prefix, key]);
    },
  };
}

// Only the known fields are written, so nothing else a caller hangs on the object ends up in the database.
function toStored(value: StoredToken): StoredToken {
  const stored: StoredToken = {
    accessToken: value.accessToken,
    tokenType: value.tokenType,
    expiresAt: value.expiresAt,
    issuedAt: value.issuedAt,
  };
  if (value.scope !== undefined) stored.scope = value.scope;
  return stored;
}

function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.accessToken === "string" &&
    v.accessToken !== "" &&
    typeof v.tokenType === "string" &&
    Number.isFinite(v.expiresAt) &&
    Number.isFinite(v.issuedAt) &&
    (v.scope === undefined || typeof v.scope === "string")
  );
}
