export { createClient } from "./create-client.js";
export { discover } from "./source/discovery.js";
export { logFailures } from "./log-failures.js";
export { memoryStore, type MemoryStoreOptions } from "./memory-store.js";
export { defineStore, type SharedStore } from "./shared/define-store.js";
export {
  ABORTED,
  CLIENT_ASSERTION_FAILED,
  DISCOVERY_FAILED,
  INSECURE_URL,
  INVALID_JSON,
  INVALID_KEY,
  INVALID_OPTIONS,
  INVALID_TOKEN_RESPONSE,
  NETWORK_ERROR,
  OAUTH_ERROR,
  OAuthError,
  OccError,
  type OccErrorCode,
  RESPONSE_TOO_LARGE,
  STORE_ERROR,
  THROTTLED,
  TIMEOUT,
  UNEXPECTED_CONTENT_TYPE,
  UNEXPECTED_REDIRECT,
  UNEXPECTED_STATUS,
} from "./errors.js";
export type { OccEvent, TokenQuota } from "./events.js";
export type { StoredPause, StoredToken, StoredValue, TokenStore } from "./token-store.js";
export type { AssertionContext, AuthMethod, ClientAssertion, SenderConstraint } from "./credentials.js";
export type { DiscoveredEndpoint, DiscoveryContext } from "./discovered-endpoint.js";
export type { AccessToken, Client, ClientOptions, GetTokenOptions } from "./types.js";
