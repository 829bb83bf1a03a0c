export { type ClientCredentialsSettings, clientCredentials, type HonoClientOptions } from "./client-credentials.js";
export type { Env } from "./env.js";
export { type OccErrorStatus, occErrorResponse, occErrorStatus } from "./error-response.js";
