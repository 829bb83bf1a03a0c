import { describeUrl } from "./endpoint.js";
import {
  INVALID_JSON,
  INVALID_TOKEN_RESPONSE,
  OAuthError,
  OccError,
  UNEXPECTED_CONTENT_TYPE,
  UNEXPECTED_STATUS,
} from "./errors.js";
import { jwtExpiresAt } from "./jwt.js";
import type { HttpResult } from "./transport.js";
import type { StoredToken } from "./types.js";

const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export interface TokenResponseContext {
  requestedScope: string | undefined;
  defaultExpiresInMs: number;
  redact: (text: string) => string;
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
export function oauthError(status: number, body: Record<string, unknown> | undefined, redact: (t: string) => string): OAuthError | undefined {
  const error = body?.error;
  if (typeof error !== "string" || error === "") return undefined;
  const description = body!.error_description;
  const uri = body!.error_uri;
  return new OAuthError({
    error: redact(error),
    status,
    ...(typeof description === "string" ? { errorDescription: redact(description) } : {}),
    ...(typeof uri === "string" ? { errorUri: redact(uri) } : {}),
  });
}

function expiresInMs(value: unknown): number | undefined | null {
  if (value === undefined || value === null) return undefined;
  // Some servers send "3600": accept a numeric string, but nothing looser.
  const seconds = typeof value === "number" ? value : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/**
 * Judges a token endpoint response in a fixed order — status, content type, body shape, fields — and returns
 * the token to cache. Everything else is an {@link OccError}; nothing invalid is ever cached.
 */
export function parseTokenResponse(result: HttpResult, context: TokenResponseContext): StoredToken {
  const { status, headers, body } = result;
  const where = describeUrl(result.url);
  const contentType = headers.get("content-type") ?? "";

  if (status < 200 || status > 299) {
    // Error bodies are read whatever their content type: some servers label JSON errors text/plain.
    throw (
      oauthError(status, parseJsonObject(body), context.redact) ??
      new OccError(UNEXPECTED_STATUS, `${where} answered ${status}${contentType ? ` (${contentType.split(";")[0]})` : ""}`, { status })
    );
  }
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    throw new OccError(
      UNEXPECTED_CONTENT_TYPE,
      `${where} answered ${status} with content type "${contentType.split(";")[0] || "(none)"}", expected application/json`,
      { status },
    );
  }
  const json = parseJsonObject(body);
  if (json === undefined) {
    throw new OccError(INVALID_JSON, `${where} answered ${status} with a body that is not a JSON object (${body.length} characters)`, {
      status,
    });
  }
  const problem = (text: string) => new OccError(INVALID_TOKEN_RESPONSE, `Invalid token response from ${where}: ${text}`, { status });

  const accessToken = json.access_token;
  if (typeof accessToken !== "string" || accessToken === "") {
    // A few servers answer 200 with an error body.
    throw oauthError(status, json, context.redact) ?? problem("access_token is missing or not a non-empty string");
  }
  const tokenType = json.token_type;
  if (typeof tokenType !== "string" || tokenType === "") throw problem("token_type is missing or not a non-empty string");
  const scope = json.scope;
  if (scope !== undefined && scope !== null && typeof scope !== "string") throw problem("scope is not a string");
  const lifetime = expiresInMs(json.expires_in);
  if (lifetime === null) throw problem("expires_in is not a positive number of seconds");

  const issuedAt = result.sentAt;
  const expiresAt = lifetime !== undefined ? issuedAt + lifetime : (jwtExpiresAt(accessToken) ?? issuedAt + context.defaultExpiresInMs);
  if (expiresAt <= issuedAt) throw problem("the access token has already expired (JWT exp is in the past)");

  const token: StoredToken = {
    accessToken,
    tokenType: tokenType.toLowerCase() === "bearer" ? "Bearer" : tokenType,
    expiresAt,
    issuedAt,
  };
  const grantedScope = typeof scope === "string" ? scope : context.requestedScope;
  if (grantedScope !== undefined) token.scope = grantedScope;
  return token;
}
