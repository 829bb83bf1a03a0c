import { OccError, STORE_ERROR } from "@occ/core";

/** What a lease entry holds in Deno KV. */
interface Lease {
  owner: string;
  /** Epoch ms. Deno KV's `expireIn` deletes the entry only lazily, so this is what decides. */
  expiresAt: number;
}

/**
 * Rounds of read, then versionstamp-checked write. A round fails when another process wrote the lease in between
 * (the next read sees what it wrote) or when SQLite's write lock is held by another process sharing the file.
 */
const ATTEMPTS = 10;

function isLease(value: unknown): value is Lease {
  const lease = value as Lease | null;
  return typeof lease?.owner === "string" && typeof lease.expiresAt === "number";
}

/** Held by someone, until its `expiresAt`. Anything else there (expired, foreign, corrupt) may be taken over. */
function heldLease(entry: Deno.KvEntryMaybe<unknown>): Lease | undefined {
  return isLease(entry.value) && entry.value.expiresAt > Date.now() ? entry.value : undefined;
}

/**
 * Commits `operation`: true when it went through, false when its check failed or the database file was locked by
 * another process (after a short random pause, so racing processes spread out). Throws after the last attempt.
 */
async function commit(operation: Deno.AtomicOperation, attempt: number): Promise<boolean> {
  try {
    return (await operation.commit()).ok;
  } catch (error) {
    // Deno KV on a local file is SQLite: a write while another process writes fails with this message.
    if (!(error instanceof Error && error.message.includes("database is locked"))) throw error;
    if (attempt === ATTEMPTS) {
      throw new OccError(STORE_ERROR, `denoKvStore: the lease was not written: the database stayed locked by other processes for ${ATTEMPTS} attempts`, {
        cause: error,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    return false;
  }
}

/**
 * Takes the lease at `key` for `owner` when nobody holds it or its holder's time is up, with
 * `atomic().check()` on the versionstamp read, so two processes on one database never both get it. True when
 * `owner` holds it now; a holder asking again keeps its original expiry.
 */
export async function acquireLease(kv: Deno.Kv, key: Deno.KvKey, owner: string, ttlMs: number): Promise<boolean> {
  const expireIn = Math.max(1, Math.ceil(ttlMs));
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const entry = await kv.get(key);
    const held = heldLease(entry);
    if (held !== undefined) return held.owner === owner;
    const lease: Lease = { owner, expiresAt: Date.now() + expireIn };
    if (await commit(kv.atomic().check(entry).set(key, lease, { expireIn }), attempt)) return true;
  }
  // Every round lost to a write that left no live lease behind (releases, expired leases): nobody holds it now.
  return false;
}

/**
 * Deletes the lease at `key` if `owner` still holds it. The versionstamp check makes the read and the delete
 * one step: a lease that expired and was taken over in between is left to its new holder.
 */
export async function releaseLease(kv: Deno.Kv, key: Deno.KvKey, owner: string): Promise<boolean> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const entry = await kv.get(key);
    if (heldLease(entry)?.owner !== owner) return false;
    if (await commit(kv.atomic().check(entry).delete(key), attempt)) return true;
  }
  return false;
}
