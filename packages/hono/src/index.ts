export * from "@occ/core";
export * from "@occ/keys";
export { clientCredentials } from "./client-credentials.js";
export { type OccErrorStatus, occErrorResponse, occErrorStatus } from "./error-response.js";
export type { ClientCredentialsSettings, HonoClientOptions, HonoClientOptionsFactory } from "./options.js";
export type { ClientCredentialsEnv, ClientCredentialsVariables } from "./variables.js";
