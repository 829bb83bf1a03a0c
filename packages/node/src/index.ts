export * from "@occ/core";
export * from "@occ/keys";
// A local export shadows the same name from `export *`, so this is the createClient users get.
export { clientAssertionFile, createClient } from "./create-client.js";
export type { Environment, NodeClientOptions } from "./env-options.js";
export { mtlsFetch, type MtlsOptions } from "./mtls-fetch.js";
