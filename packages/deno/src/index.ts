export * from "@occ/core";
export * from "@occ/keys";
// A local export shadows the same name from `export *`, so this is the createClient users get.
export { clientAssertionFile } from "./assertion-file.ts";
export { createClient, type DenoClientOptions } from "./client.ts";
export { type DenoKvStoreOptions, denoKvStore } from "./kv-store.ts";
export { mtlsFetch, type MtlsOptions } from "./mtls-fetch.ts";
