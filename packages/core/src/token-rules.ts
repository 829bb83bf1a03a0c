/**
 * The rules a token must keep to be used, the same for a token endpoint's answer and for a store's entry.
 */

/**
 * The longest lifetime occ believes: a token is refreshed at least this often, whatever `expires_in` or a JWT
 * `exp` says (`1e308` would otherwise mean never). 24 hours.
 */
export const MAX_LIFETIME_MS = 86_400_000;

/**
 * RFC 6749 Appendix A.12: `access_token` is `1*VSCHAR` (0x20–0x7E). Leading or trailing spaces are refused too: no
 * server means them, and a `Headers` object would trim or reject them. Anything else — CR, LF, NUL, non-ASCII —
 * would make every request that carries the token throw.
 */
export function isHeaderSafe(value: unknown): value is string {
  return typeof value === "string" && /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/.test(value);
}

const CANONICAL: Record<string, string> = { bearer: "Bearer", dpop: "DPoP" };

/**
 * The token type as sent in `Authorization`, when it is one the client understands (RFC 6749 §7.1: a client must not
 * use a token whose type it does not understand). `accepted` holds lower-case names.
 */
export function tokenTypeOf(value: unknown, accepted: readonly string[]): string | undefined {
  const type = typeof value === "string" ? value.toLowerCase() : "";
  return accepted.includes(type) ? CANONICAL[type] : undefined;
}
