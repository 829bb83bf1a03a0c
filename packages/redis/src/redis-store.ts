import { defineStore, INVALID_OPTIONS, OccError, type SharedStore, type StoredValue, type TokenStore } from "@occ/core";
import type { RedisClientLike } from "./redis-client-like.js";
import { commandFailed, notConnected, notJson } from "./store-errors.js";

/** Options for {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * First part of every key, joined with `:`: values under `<prefix>:<key>`, leases under
   * `<prefix>:lease:<key>`. Default `"occ"`.
   */
  prefix?: string;
}

/**
 * Deletes the lease only while `owner` still holds it, in one step: a GET then a DEL from the client could delete
 * a lease another owner took after this one's expired.
 */
const RELEASE_LEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`;

/**
 * A {@link TokenStore} on Redis or Valkey through a node-redis v5 client, with the lease that lets one instance of
 * a fleet refresh a shared token while the others keep serving theirs.
 *
 * Values are JSON with a `PX` expiry. The lease is `SET <prefix>:lease:<key> <owner> NX PX <ttlMs>`, released by a
 * compare-and-delete script, so it is atomic across every process on the same Redis. Only GET, SET, DEL and EVAL
 * are used: Redis 2.6.12 or newer, and every Valkey.
 *
 * While the client is not connected every call throws an {@link OccError} `OCC_STORE_ERROR` at once instead of
 * waiting in node-redis' offline queue; occ reports it as a `store_error` event and carries on without the store.
 *
 * @param client A node-redis client (`createClient()` from `redis`), connected by the caller.
 * @throws {OccError} `OCC_INVALID_OPTIONS` when `client` is not a client or `prefix` is not a non-empty string.
 */
export function redisStore(client: RedisClientLike, options: RedisStoreOptions = {}): SharedStore & Required<TokenStore> {
  if (typeof client !== "object" || client === null || typeof client.get !== "function" || typeof client.eval !== "function") {
    throw new OccError(INVALID_OPTIONS, "redisStore: pass a node-redis client, e.g. createClient() from the redis package");
  }
  const prefix = options.prefix ?? "occ";
  if (typeof prefix !== "string" || prefix === "") {
    throw new OccError(INVALID_OPTIONS, "redisStore: prefix must be a non-empty string");
  }
  const valueKey = (key: string) => `${prefix}:${key}`;
  const leaseKey = (key: string) => `${prefix}:lease:${key}`;

  async function send<T>(action: string, command: () => Promise<T>): Promise<T> {
    if (!client.isReady) throw notConnected(action);
    try {
      return await command();
    } catch (error) {
      throw commandFailed(action, error);
    }
  }

  return defineStore<Required<TokenStore>>({
    async get(key) {
      const redisKey = valueKey(key);
      const text = await send("read a value", () => client.get(redisKey));
      if (text === null) return undefined;
      try {
        // The shape is core's to judge: it reports what is not a valid entry and replaces it.
        return JSON.parse(String(text)) as StoredValue;
      } catch {
        throw notJson(redisKey);
      }
    },
    async set(key, value, ttlSeconds) {
      const json = JSON.stringify(value);
      await send("write a value", () => client.set(valueKey(key), json, { expiration: { type: "PX", value: wholeMs(ttlSeconds * 1000) } }));
    },
    async delete(key) {
      await send("delete a value", () => client.del(valueKey(key)));
    },
    async acquireLease(key, owner, ttlMs) {
      const redisKey = leaseKey(key);
      const expiration = { type: "PX", value: wholeMs(ttlMs) } as const;
      const taken = await send("take the lease", () => client.set(redisKey, owner, { expiration, condition: "NX" }));
      if (taken === "OK") return true;
      // Someone holds it: true only when that is `owner` itself (its expiry stays as it was).
      return (await send("read the lease", () => client.get(redisKey))) === owner;
    },
    async releaseLease(key, owner) {
      const deleted = await send("release the lease", () => client.eval(RELEASE_LEASE, { keys: [leaseKey(key)], arguments: [owner] }));
      return deleted === 1;
    },
  });
}

/** PX takes a whole, positive number of milliseconds. */
function wholeMs(ms: number): number {
  return Math.max(1, Math.ceil(ms));
}
