export * from "@occ/core";
// A local export shadows the same name from `export *`, so this is the createClient users get.
export { createClient, type DenoClientOptions } from "./client.ts";
export { type DenoKvStoreOptions, denoKvStore } from "./kv-store.ts";
