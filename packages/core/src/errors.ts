/** The options given to `createClient` are invalid. */
export const INVALID_OPTIONS = "OCC_INVALID_OPTIONS";
/** An `http:` URL that is not loopback, without `allowInsecureHttp`. */
export const INSECURE_URL = "OCC_INSECURE_URL";
/** The request could not be sent or its response could not be read. */
export const NETWORK_ERROR = "OCC_NETWORK_ERROR";
/** An attempt took longer than `timeout`. */
export const TIMEOUT = "OCC_TIMEOUT";
/** The caller's `AbortSignal` fired. */
export const ABORTED = "OCC_ABORTED";
/** The token endpoint answered with a redirect; occ never follows it with credentials. */
export const UNEXPECTED_REDIRECT = "OCC_UNEXPECTED_REDIRECT";
/** A non-2xx answer that is not an RFC 6749 §5.2 error. */
export const UNEXPECTED_STATUS = "OCC_UNEXPECTED_STATUS";
/** A response whose `Content-Type` is not JSON. */
export const UNEXPECTED_CONTENT_TYPE = "OCC_UNEXPECTED_CONTENT_TYPE";
/** A response body over 1 MiB. */
export const RESPONSE_TOO_LARGE = "OCC_RESPONSE_TOO_LARGE";
/** A body that is not valid JSON, or not a JSON object. */
export const INVALID_JSON = "OCC_INVALID_JSON";
/** A JSON object that is not a valid token response (missing or mistyped fields). */
export const INVALID_TOKEN_RESPONSE = "OCC_INVALID_TOKEN_RESPONSE";
/** The authorization server answered with an RFC 6749 §5.2 error; see {@link OAuthError}. */
export const OAUTH_ERROR = "OCC_OAUTH_ERROR";
/** Authorization server metadata could not be fetched or is invalid. */
export const DISCOVERY_FAILED = "OCC_DISCOVERY_FAILED";
/** The `clientAssertion` callback threw or returned something other than a non-empty string. */
export const CLIENT_ASSERTION_FAILED = "OCC_CLIENT_ASSERTION_FAILED";

/**
 * The authorization server asked for a pause (`Retry-After` on a 429 or 503), learned by this client or by
 * another instance sharing its store: no request is sent before {@link OccError.retryAt}.
 */
export const THROTTLED = "OCC_THROTTLED";
/** A token store failed, hung or held something that is not a valid entry (reported in `store_error` events). */
export const STORE_ERROR = "OCC_STORE_ERROR";
/** A key, certificate or algorithm given to `@occ/keys` (or an adapter's mTLS options) is malformed or unsupported. */
export const INVALID_KEY = "OCC_INVALID_KEY";

/** Every stable error code occ raises. */
export type OccErrorCode =
  | typeof INVALID_OPTIONS
  | typeof INSECURE_URL
  | typeof NETWORK_ERROR
  | typeof TIMEOUT
  | typeof ABORTED
  | typeof UNEXPECTED_REDIRECT
  | typeof UNEXPECTED_STATUS
  | typeof UNEXPECTED_CONTENT_TYPE
  | typeof RESPONSE_TOO_LARGE
  | typeof INVALID_JSON
  | typeof INVALID_TOKEN_RESPONSE
  | typeof OAUTH_ERROR
  | typeof DISCOVERY_FAILED
  | typeof CLIENT_ASSERTION_FAILED
  | typeof THROTTLED
  | typeof STORE_ERROR
  | typeof INVALID_KEY;

/** Every failure occ raises. `code` is stable; `message` is for people. Neither ever holds the client secret. */
export class OccError extends Error {
  /** A stable, machine-readable code, one of the exported constants. */
  readonly code: OccErrorCode;
  /** The HTTP status of the response that caused the error, when there was one. */
  readonly status?: number;
  /** Epoch ms before which the client sends no token request (a `Retry-After`, or a cool-down after failures). */
  readonly retryAt?: number;
  /** Token requests sent before this error was given up on (retries included); 0 when none was sent. */
  readonly attempts?: number;

  constructor(code: OccErrorCode, message: string, options?: { cause?: unknown; status?: number; retryAt?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OccError";
    this.code = code;
    if (options?.status !== undefined) this.status = options.status;
    if (options?.retryAt !== undefined) this.retryAt = options.retryAt;
  }
}

/** An error response from the authorization server (RFC 6749 §5.2), such as `invalid_client`. */
export class OAuthError extends OccError {
  /** The `error` code sent by the server, such as `invalid_client` or `invalid_scope`. */
  readonly error: string;
  /** The server's `error_description`, if any. */
  readonly errorDescription?: string;
  /** The server's `error_uri`, if any. */
  readonly errorUri?: string;
  declare readonly status: number;

  /** `message` defaults to the status, error and description; occ adds where and what to check. */
  constructor(init: { error: string; errorDescription?: string; errorUri?: string; status: number }, message?: string) {
    const detail = init.errorDescription ? `: ${init.errorDescription}` : "";
    super(OAUTH_ERROR, message ?? `Token endpoint answered ${init.status} ${init.error}${detail}`, { status: init.status });
    this.name = "OAuthError";
    this.error = init.error;
    if (init.errorDescription !== undefined) this.errorDescription = init.errorDescription;
    if (init.errorUri !== undefined) this.errorUri = init.errorUri;
  }
}
