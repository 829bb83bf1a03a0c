import { HTML_TYPE, badParameter, intParam, json, sendToken, write } from "./http.ts";
import type { FaultRequest, ScenarioHandler } from "./http.ts";

const INVALID_CLIENT = { error: "invalid_client", error_description: "Client authentication failed" };

/** True while the request is one of the first `?n=` (default `fallback`) of its path. */
function failing(r: FaultRequest, fallback: number): boolean {
  return r.n <= intParam(r.query, "n", fallback);
}

/**
 * The Retry-After value the test chose: `?retry-after=` exactly as given (seconds, an HTTP-date, or something
 * malformed such as `1.5`, `-5`, `%2B5`, `5, 6`), or `?retry-after-date=<seconds>` for an HTTP-date that many seconds
 * from the server's now. Default `1`.
 */
function retryAfter(query: URLSearchParams): string {
  const inSeconds = query.get("retry-after-date");
  if (inSeconds !== null) return new Date(Date.now() + Number(inSeconds) * 1000).toUTCString();
  return query.get("retry-after") ?? "1";
}

/** Throttled until `?n=` requests have failed (default: every request), with the test's Retry-After. */
function throttled(status: number, error: string): ScenarioHandler {
  return (r) => {
    if (!failing(r, Number.POSITIVE_INFINITY)) return sendToken(r);
    json(r.res, status, { error }, { "retry-after": retryAfter(r.query) });
  };
}

/** Answers 401 invalid_client, as a server does to credentials it does not accept. */
export function invalidClient(r: FaultRequest): void {
  json(r.res, 401, INVALID_CLIENT, { "www-authenticate": 'Basic realm="occ-fault"' });
}

/** Error statuses: transient ones that end after `?n=` requests, and ones that never end. */
export const failureScenarios = {
  "fail-then-ok": (r) => (failing(r, 1) ? json(r.res, 503, { error: "temporarily_unavailable" }, { "retry-after": "0" }) : sendToken(r)),
  "429-then-ok": (r) => (failing(r, 1) ? json(r.res, 429, { error: "rate_limited" }, { "retry-after": retryAfter(r.query) }) : sendToken(r)),
  "408-then-ok": (r) => (failing(r, 1) ? json(r.res, 408, { error: "request_timeout" }, { connection: "close" }) : sendToken(r)),
  "reset-then-ok": (r) => {
    if (failing(r, 1)) r.req.socket.destroy(); // no status line: the connection just ends
    else sendToken(r);
  },
  "429-retry-after": throttled(429, "rate_limited"),
  "503-retry-after": throttled(503, "temporarily_unavailable"),
  // `?status=` from 500 to 599 (default 500) on every request.
  "5xx-always": (r) => {
    const status = intParam(r.query, "status", 500);
    if (status < 500 || status > 599) return badParameter(r.res, "status", "500 to 599");
    json(r.res, status, { error: "server_error" });
  },
  "oauth-error": (r) => json(r.res, 400, INVALID_CLIENT),
  "oauth-error-401": invalidClient,
  "invalid-client": invalidClient,
  // What one real server answers to a wrong secret: 403, no body, no content type.
  "403-empty": (r) => {
    r.res.writeHead(403, { "content-length": "0", "cache-control": "no-store" });
    r.res.end();
  },
  "error-html": (r) => write(r.res, 500, HTML_TYPE, "<html><body><h1>500 Internal Server Error</h1></body></html>"),
} satisfies Record<string, ScenarioHandler>;
