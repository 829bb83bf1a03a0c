import { INVALID_JSON, INVALID_TOKEN_RESPONSE, OAuthError, OccError, UNEXPECTED_CONTENT_TYPE, UNEXPECTED_STATUS } from "../errors.js";
import type { StoredToken } from "../token-store.js";
import { isHeaderSafe, MAX_LIFETIME_MS, tokenTypeOf } from "../token-rules.js";
import { jwtExpiresAt } from "../util/jwt.js";
import type { Redact } from "../util/redact.js";
import { describeUrl } from "./endpoint.js";
import type { HttpResult } from "./transport.js";

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** What judging a token response needs to know about the client. */
export interface TokenResponseContext {
  requestedScope: string | undefined;
  defaultExpiresInMs: number;
  /** Lower-case token types the client understands. */
  tokenTypes: readonly string[];
  /** The DPoP key thumbprint the token is bound to, recorded with it. */
  jkt: string | undefined;
  redact: Redact;
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** An RFC 6749 §5.2 error body, or undefined when the body is not one. Server text is redacted of secrets. */
function oauthError(where: string, status: number, body: Record<string, unknown> | undefined, redact: Redact, retryAt?: number): OAuthError | undefined {
  const error = body?.error;
  if (typeof error !== "string" || error === "") return undefined;
  const text = (value: unknown) => (typeof value === "string" ? { value: redact(value) } : undefined);
  const description = text(body!.error_description);
  const uri = text(body!.error_uri);
  const result = new OAuthError(
    {
      error: redact(error),
      status,
      ...(description && { errorDescription: description.value }),
      ...(uri && { errorUri: uri.value }),
    },
    `${where} answered ${status} ${redact(error)}${description ? `: ${description.value}` : ""}`,
  );
  if (retryAt !== undefined) (result as { retryAt?: number }).retryAt = retryAt;
  return result;
}

/** Seconds as a number or a numeric string ("3600" from some servers); null when present but not that. */
function expiresInMs(value: unknown): number | undefined | null {
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return seconds > 0 && seconds < Infinity ? seconds * 1000 : null;
}

/**
 * Judges a token endpoint response in a fixed order — status, content type, body shape, fields — and returns
 * the token to cache. Everything else is an {@link OccError}; nothing invalid is ever cached.
 */
export function parseTokenResponse(result: HttpResult, context: TokenResponseContext): StoredToken {
  const { status, body, retryAt } = result;
  const where = describeUrl(result.url);
  const contentType = context.redact(result.headers.get("content-type")?.split(";")[0] ?? "");

  if (status < 200 || status > 299) {
    // Error bodies are read whatever their content type: some servers label JSON errors text/plain.
    throw (
      oauthError(where, status, parseJsonObject(body), context.redact, retryAt) ??
      new OccError(UNEXPECTED_STATUS, `${where} answered ${status}${contentType ? ` (${contentType})` : body ? "" : " with an empty body"}`, {
        status,
        retryAt,
      })
    );
  }
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    throw new OccError(UNEXPECTED_CONTENT_TYPE, `${where} answered ${status} with content type "${contentType || "(none)"}", expected application/json`, { status });
  }
  const json = parseJsonObject(body);
  if (json === undefined) {
    throw new OccError(INVALID_JSON, `${where} answered ${status} with a body that is not a JSON object (${body.length} characters)`, { status });
  }
  const problem = (text: string) => new OccError(INVALID_TOKEN_RESPONSE, `Invalid token response from ${where}: ${text}`, { status });

  const accessToken = json.access_token;
  if (typeof accessToken !== "string" || accessToken === "") {
    // A few servers answer 200 with an error body.
    throw oauthError(where, status, json, context.redact) ?? problem("access_token is missing or not a non-empty string");
  }
  if (!isHeaderSafe(accessToken)) throw problem("access_token has characters an HTTP header cannot carry (RFC 6749 A.12: VSCHAR only)");
  const tokenType = tokenTypeOf(json.token_type, context.tokenTypes);
  if (tokenType === undefined) {
    const downgrade = context.tokenTypes.includes("dpop") && String(json.token_type).toLowerCase() === "bearer" ? "; dpopKey({ allowBearer: true }) accepts a Bearer answer" : "";
    throw problem(`token_type ${JSON.stringify(context.redact(String(json.token_type).slice(0, 40)))} is not one this client uses (${context.tokenTypes.join(", ")})${downgrade}`);
  }
  const scope = json.scope;
  if (scope !== undefined && scope !== null && typeof scope !== "string") throw problem("scope is not a string");
  const lifetime = expiresInMs(json.expires_in);
  if (lifetime === null) throw problem("expires_in is not a positive number of seconds");

  const issuedAt = result.sentAt;
  const expiresAt = Math.min(
    issuedAt + MAX_LIFETIME_MS,
    lifetime !== undefined ? issuedAt + lifetime : (jwtExpiresAt(accessToken) ?? issuedAt + context.defaultExpiresInMs),
  );
  if (!(expiresAt > issuedAt)) throw problem("the access token has already expired (JWT exp is in the past)");

  const token: StoredToken = { accessToken, tokenType, expiresAt, issuedAt };
  // Server text, like an error description: a server echoing the request must not put the secret in the store.
  const grantedScope = typeof scope === "string" ? context.redact(scope) : context.requestedScope;
  if (grantedScope !== undefined) token.scope = grantedScope;
  if (context.jkt !== undefined) token.jkt = context.jkt;
  return Object.freeze(token);
}
