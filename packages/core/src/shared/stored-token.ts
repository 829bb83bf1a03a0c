import type { OccErrorCode } from "../errors.js";
import type { StoredPause, StoredToken } from "../token-store.js";
import { isHeaderSafe, MAX_LIFETIME_MS, tokenTypeOf } from "../token-rules.js";

/** What a stored token must match to be used by this client. */
export interface StoredTokenRules {
  /** Lower-case token types the client understands. */
  tokenTypes: readonly string[];
  /** The client's DPoP key thumbprint; a token bound to another key (or to none) is not used. */
  jkt: string | undefined;
}

const isTime = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value > 0;

/**
 * A store may hand back anything: a corrupt value, an old format, another writer's data, an object whose getters
 * throw. Each field is read once, inside the caller's guard, and checked by the same rules as a token endpoint's
 * answer; the result is a new plain frozen object. Returns a reason instead when the value is not usable.
 */
export function storedToken(value: unknown, rules: StoredTokenRules): StoredToken | string {
  if (typeof value !== "object" || value === null) return "not an object";
  const { accessToken, tokenType, expiresAt, issuedAt, scope, jkt } = value as Record<string, unknown>;
  const type = tokenTypeOf(tokenType, rules.tokenTypes);
  if (!isHeaderSafe(accessToken) || type === undefined || !isTime(expiresAt) || !isTime(issuedAt)) return "not a usable token";
  if (issuedAt >= expiresAt || expiresAt - issuedAt > MAX_LIFETIME_MS) return "a token with an impossible lifetime";
  if (scope !== undefined && typeof scope !== "string") return "a token whose scope is not a string";
  if (jkt !== rules.jkt) return "a token bound to another DPoP key";
  const token: StoredToken = { accessToken, tokenType: type, expiresAt, issuedAt };
  if (scope !== undefined) token.scope = scope;
  if (jkt !== undefined) token.jkt = jkt as string;
  return Object.freeze(token);
}

/** A pause another instance stored, checked the same way; undefined when absent or unusable. */
export function storedPause(value: unknown, now: number, maxPauseMs: number): StoredPause | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { pausedUntil, code, message, status } = value as Record<string, unknown>;
  if (!isTime(pausedUntil) || pausedUntil <= now || pausedUntil > now + maxPauseMs) return undefined;
  if (typeof code !== "string" || !/^OCC_[A-Z_]{2,40}$/.test(code) || typeof message !== "string") return undefined;
  return { pausedUntil, code: code as OccErrorCode, message: message.slice(0, 1000), ...(Number.isInteger(status) && { status: status as number }) };
}
