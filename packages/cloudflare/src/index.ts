export * from "@occ/core";
export * from "@occ/keys";
// A local export shadows the same name from `export *`, so this is the createClient users get.
export { createClient } from "./create-client.js";
export type { CloudflareClientOptions } from "./env-options.js";
export { type CertificateBindingLike, mtlsFetch } from "./mtls-fetch.js";
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
