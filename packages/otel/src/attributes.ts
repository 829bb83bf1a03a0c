import type { Attributes } from "@opentelemetry/api";
import type { OccError } from "@occ/core";

// OpenTelemetry semantic-convention attributes (stable): used where they exist.
/** The class of error an operation ended with: here the `OccError` code, e.g. `OCC_OAUTH_ERROR`. */
export const ATTR_ERROR_TYPE = "error.type";
/** The HTTP status of the token endpoint's answer, when one caused the error. */
export const ATTR_HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";

// occ's own attributes, for what no convention covers.
/** The client's store key: a hash of endpoint, client id, method, scope, audience, resource — never a secret. */
export const ATTR_KEY = "occ.key";
/** How a token request ended: `success`, `failure`, or `refused` (during a pause, without asking the server). */
export const ATTR_TOKEN_OUTCOME = "occ.token.outcome";
/** True for a refresh-ahead in the background, false when a caller waited. */
export const ATTR_TOKEN_BACKGROUND = "occ.token.background";
/** Where a cached token came from: `memory` or `store`. */
export const ATTR_TOKEN_SOURCE = "occ.token.source";
/** Requests sent for one token request, retries included. */
export const ATTR_TOKEN_ATTEMPTS = "occ.token.attempts";
/** True when a still-valid cached token was served despite the failure. */
export const ATTR_TOKEN_SERVED = "occ.token.served";
/** The server's RFC 6749 §5.2 `error`, such as `invalid_client`, for `OCC_OAUTH_ERROR`. */
export const ATTR_OAUTH_ERROR = "occ.oauth.error";
/** The token store operation that failed: `get`, `set`, `delete` or `lease`. */
export const ATTR_STORE_OPERATION = "occ.store.operation";
/** What the store's lease said: `acquired`, `busy`, `taken_over` or `lost`. */
export const ATTR_LEASE_OUTCOME = "occ.lease.outcome";
/** The response header a quota was read from, lower case. */
export const ATTR_QUOTA_HEADER = "occ.quota.header";
/** The client-authentication method that worked after a switch. */
export const ATTR_AUTH_METHOD = "occ.auth.method";
/** Which entry of a secret rotation list worked, 0 for the first; never the secret. */
export const ATTR_SECRET_INDEX = "occ.secret.index";

/**
 * Low-cardinality attributes of a failure: the stable error code as `error.type`, the OAuth `error` and the HTTP
 * status when there is one. Never the message: a server's error description can echo what the client sent.
 */
export function errorAttributes(error: unknown): Attributes {
  const failure = error as Partial<OccError> & { error?: unknown; name?: unknown } | undefined;
  const type = typeof failure?.code === "string" ? failure.code : typeof failure?.name === "string" ? failure.name : "_OTHER";
  const attributes: Attributes = { [ATTR_ERROR_TYPE]: type };
  if (type === "OCC_OAUTH_ERROR" && typeof failure?.error === "string") attributes[ATTR_OAUTH_ERROR] = failure.error;
  if (typeof failure?.status === "number") attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = failure.status;
  return attributes;
}
