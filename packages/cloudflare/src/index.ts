export { createClient } from "./create-client.js";
export type { CloudflareClientOptions } from "./env-options.js";
export { kvStore, type KvStoreOptions } from "./kv-store.js";
export { durableObjectStore, type DurableObjectStoreOptions } from "./durable-object-store.js";
export { OccTokenCoordinator } from "./token-coordinator.js";
export type { ExecutionContextLike, KVNamespaceLike } from "./platform-types.js";
export type {
  CoordinatorResponseLike,
  DurableObjectNamespaceLike,
  DurableObjectStateLike,
  DurableObjectStorageLike,
  DurableObjectStubLike,
} from "./durable-object-like.js";
export { OAuthError, OccError } from "@occ/core";
export type { AccessToken, Client, OccEvent, StoredToken, TokenStore } from "@occ/core";
