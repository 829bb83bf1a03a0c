import type { TokenQuota } from "../events.js";

const number = (text: string | null | undefined) => (text != null && /^\d+$/.test(text.trim()) ? Number(text) : undefined);

/** Auth0's `b=per_hour;q=100;r=99;t=3600` (several buckets, comma separated): the bucket with the fewest left. */
function auth0Quota(value: string, now: number): Omit<TokenQuota, "header"> | undefined {
  let tightest: Omit<TokenQuota, "header"> | undefined;
  for (const bucket of value.split(",")) {
    const fields = new Map(bucket.split(";").map((pair) => pair.trim().split("=") as [string, string]));
    const remaining = number(fields.get("r"));
    const reset = number(fields.get("t"));
    if (remaining !== undefined && (tightest?.remaining ?? Infinity) > remaining) {
      tightest = { limit: number(fields.get("q")), remaining, resetAt: reset === undefined ? undefined : now + reset * 1000 };
    }
  }
  return tightest;
}

/**
 * Every rate limit or quota a token response reports, one per header style: Auth0's machine-to-machine quotas first
 * (they block for the month), then `RateLimit-*` (IETF draft: reset in seconds) and `X-RateLimit-*` (reset in epoch
 * seconds when it looks like a date, else in seconds).
 */
export function parseQuotas(headers: Headers, now: number): TokenQuota[] {
  const quotas: TokenQuota[] = [];
  for (const header of ["auth0-client-quota-limit", "auth0-organization-quota-limit"]) {
    const value = headers.get(header);
    const quota = value === null ? undefined : auth0Quota(value, now);
    if (quota) quotas.push({ header, ...quota });
  }
  for (const prefix of ["ratelimit", "x-ratelimit"]) {
    const remaining = number(headers.get(`${prefix}-remaining`));
    if (remaining === undefined) continue;
    const reset = number(headers.get(`${prefix}-reset`));
    quotas.push({
      header: `${prefix}-remaining`,
      limit: number(headers.get(`${prefix}-limit`)),
      remaining,
      resetAt: reset === undefined ? undefined : reset > 1e9 ? reset * 1000 : now + reset * 1000,
    });
  }
  return quotas;
}

/** The quota an event reports: the first of {@link parseQuotas}. */
export const parseQuota = (headers: Headers, now: number): TokenQuota | undefined => parseQuotas(headers, now)[0];
