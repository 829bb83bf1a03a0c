export { createClient, type DenoClientOptions } from "./client.js";
export { type DenoKvStoreOptions, denoKvStore } from "./kv-store.js";
