export { createClient } from "./client.js";
export { memoryStore, type MemoryStoreOptions } from "./memory-store.js";
export {
  ABORTED,
  CLIENT_ASSERTION_FAILED,
  DISCOVERY_FAILED,
  INSECURE_URL,
  INVALID_JSON,
  INVALID_OPTIONS,
  INVALID_TOKEN_RESPONSE,
  NETWORK_ERROR,
  OAUTH_ERROR,
  OAuthError,
  OccError,
  type OccErrorCode,
  RESPONSE_TOO_LARGE,
  TIMEOUT,
  UNEXPECTED_CONTENT_TYPE,
  UNEXPECTED_REDIRECT,
  UNEXPECTED_STATUS,
} from "./errors.js";
export type {
  AccessToken,
  AuthMethod,
  Client,
  ClientOptions,
  GetTokenOptions,
  OccEvent,
  StoredToken,
  TokenStore,
} from "./types.js";
