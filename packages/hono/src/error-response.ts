import {
  DISCOVERY_FAILED,
  INVALID_JSON,
  INVALID_TOKEN_RESPONSE,
  NETWORK_ERROR,
  OAUTH_ERROR,
  OccError,
  RESPONSE_TOO_LARGE,
  THROTTLED,
  TIMEOUT,
  UNEXPECTED_CONTENT_TYPE,
  UNEXPECTED_REDIRECT,
  UNEXPECTED_STATUS,
} from "@occ/core";

/** The status {@link occErrorResponse} answers with: 503 when retrying later may help, 502 when the IdP answered badly, 500 for local failures. */
export type OccErrorStatus = 500 | 502 | 503;

const INVALID_ANSWERS = new Set<string>([
  OAUTH_ERROR,
  UNEXPECTED_REDIRECT,
  UNEXPECTED_STATUS,
  UNEXPECTED_CONTENT_TYPE,
  RESPONSE_TOO_LARGE,
  INVALID_JSON,
  INVALID_TOKEN_RESPONSE,
  DISCOVERY_FAILED,
]);

/**
 * Classifies an {@link OccError}: network failures, timeouts, 429 and 5xx from the authorization server, and the
 * pause a `Retry-After` asked for (`OCC_THROTTLED`), are 503 (temporary); every other answer it gave (OAuth
 * errors, other 4xx, redirects, malformed bodies) is 502; anything raised before a request was sent (bad options,
 * a failing `clientAssertion`, an abort) is 500.
 */
export function occErrorStatus(err: OccError): OccErrorStatus {
  // Discovery reports the failure of its last attempt as the cause: that decides whether it is worth retrying.
  if (err.code === DISCOVERY_FAILED && err.cause instanceof OccError) return occErrorStatus(err.cause);
  if (err.code === NETWORK_ERROR || err.code === TIMEOUT || err.code === THROTTLED) return 503;
  if (err.status !== undefined && (err.status === 429 || err.status >= 500)) return 503;
  return INVALID_ANSWERS.has(err.code) ? 502 : 500;
}

const BODIES: Record<OccErrorStatus, { error: string; message: string }> = {
  502: { error: "bad_gateway", message: "The authorization server did not issue an access token." },
  503: { error: "service_unavailable", message: "The authorization server is unavailable. Try again later." },
  500: { error: "internal_error", message: "Could not obtain an access token." },
};

/**
 * A generic JSON `Response` for an {@link OccError}, with the status from {@link occErrorStatus}. The body names
 * no error detail, secret or stack, so it is safe to send to any caller; log `err` itself for the detail.
 */
export function occErrorResponse(err: OccError): Response {
  const status = occErrorStatus(err);
  return new Response(JSON.stringify(BODIES[status]), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}
