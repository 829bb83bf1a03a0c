import { defineStore, INVALID_OPTIONS, OccError, type SharedStore, STORE_ERROR, type TokenStore } from "@occ/core";
import type { CoordinatorCommand, CoordinatorReply } from "./coordinator-protocol.js";
import type { DurableObjectNamespaceLike } from "./durable-object-like.js";

/** Options for {@link durableObjectStore}. */
export interface DurableObjectStoreOptions {
  /** First part of every object's name, `<prefix>:<key>`, so occ's objects stay apart from others. Default `"occ"`. */
  prefix?: string;
}

/** Names the operation in errors; never the value. */
const ACTIONS: Record<CoordinatorCommand["op"], string> = {
  get: "read a value",
  set: "write a value",
  delete: "delete a value",
  acquire: "take the lease",
  release: "release the lease",
};

/**
 * A {@link TokenStore} on {@link OccTokenCoordinator} Durable Objects: one object per key, the single source of truth
 * for its value and its refresh lease across every isolate, location and Worker bound to the namespace. Unlike
 * Workers KV it is strongly consistent and its lease is exclusive, so exactly one instance refreshes a shared token.
 *
 * @param namespace The binding of the `OccTokenCoordinator` class, e.g. `env.OCC_COORDINATOR`.
 * @throws {OccError} `OCC_INVALID_OPTIONS` when `namespace` is not a Durable Object namespace or `prefix` is not a
 *   non-empty string. Each call throws `OCC_STORE_ERROR` when the object cannot be reached or refuses the command.
 */
export function durableObjectStore(namespace: DurableObjectNamespaceLike, options: DurableObjectStoreOptions = {}): SharedStore & Required<TokenStore> {
  if (typeof namespace?.idFromName !== "function" || typeof namespace.get !== "function") {
    throw new OccError(INVALID_OPTIONS, "durableObjectStore: pass the Durable Object namespace bound to OccTokenCoordinator, e.g. env.OCC_COORDINATOR");
  }
  const prefix = options.prefix ?? "occ";
  if (typeof prefix !== "string" || prefix === "") {
    throw new OccError(INVALID_OPTIONS, "durableObjectStore: prefix must be a non-empty string");
  }

  async function send(key: string, command: CoordinatorCommand): Promise<CoordinatorReply> {
    const action = ACTIONS[command.op];
    let response;
    try {
      const stub = namespace.get(namespace.idFromName(`${prefix}:${key}`));
      response = await stub.fetch(`https://occ-token-coordinator/${command.op}`, { method: "POST", body: JSON.stringify(command) });
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : "unknown error";
      throw new OccError(STORE_ERROR, `durableObjectStore could not ${action}: ${reason}`, { cause: error });
    }
    if (!response.ok) {
      throw new OccError(
        STORE_ERROR,
        `durableObjectStore could not ${action}: the object answered ${response.status}; is the namespace bound to OccTokenCoordinator?`,
      );
    }
    return (await response.json()) as CoordinatorReply;
  }

  return defineStore<Required<TokenStore>>({
    async get(key) {
      // The shape is core's to judge: it reports what is not a valid entry and replaces it.
      return (await send(key, { op: "get" })).value ?? undefined;
    },
    async set(key, value, ttlSeconds) {
      await send(key, { op: "set", value, ttlMs: ttlSeconds * 1000 });
    },
    async delete(key) {
      await send(key, { op: "delete" });
    },
    async acquireLease(key, owner, ttlMs) {
      return (await send(key, { op: "acquire", owner, ttlMs })).held === true;
    },
    async releaseLease(key, owner) {
      return (await send(key, { op: "release", owner })).held === true;
    },
  });
}
