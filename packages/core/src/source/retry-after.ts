// RFC 9110 §5.6.7: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") or the obsolete RFC 850 form. Date.parse alone
// would take "1.5" or "5, 6" for dates.
const HTTP_DATE = /^[A-Za-z]{3,9}, \d\d[ -][A-Za-z]{3}[ -]\d{2,4} \d\d:\d\d:\d\d GMT$/;

/**
 * `Retry-After` (RFC 9110 §10.2.3) in ms from `now`: delay-seconds (`1*DIGIT`) or an HTTP-date. Undefined when
 * absent or malformed (`1.5`, `-5`, `+5`, `5, 6`), so the caller falls back to its own backoff.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  const text = header?.trim() ?? "";
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = HTTP_DATE.test(text) ? Date.parse(text) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
