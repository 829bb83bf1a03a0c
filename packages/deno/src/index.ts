export { createClient, type DenoClientOptions } from "./client.ts";
export { type DenoKvStoreOptions, denoKvStore } from "./kv-store.ts";
