import type { TokenQuota } from "@occ/core";
import { relative } from "../time.js";
import { type CheckResult, result } from "./check.js";

const number = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined);

/** Auth0's `b=per_hour;q=100;r=99;t=3600`: bucket, quota, remaining, seconds to reset. */
function auth0(header: string, value: string, now: number): TokenQuota {
  const fields = Object.fromEntries(value.split(";").map((part) => part.trim().split("=") as [string, string]));
  const quota: TokenQuota = { header };
  const [limit, remaining, reset] = [number(fields.q), number(fields.r), number(fields.t)];
  if (limit !== undefined) quota.limit = limit;
  if (remaining !== undefined) quota.remaining = remaining;
  if (reset !== undefined) quota.resetAt = now + reset * 1000;
  return quota;
}

/** `<prefix>-limit`, `-remaining`, `-reset` (seconds, or a Unix time when it is that large). */
function triple(headers: Headers, prefix: string, now: number): TokenQuota | undefined {
  const [limit, remaining, reset] = ["limit", "remaining", "reset"].map((part) => number(headers.get(`${prefix}-${part}`) ?? undefined));
  if (limit === undefined && remaining === undefined) return undefined;
  const quota: TokenQuota = { header: `${prefix}-limit` };
  if (limit !== undefined) quota.limit = limit;
  if (remaining !== undefined) quota.remaining = remaining;
  if (reset !== undefined) quota.resetAt = reset > 1_000_000_000 ? reset * 1000 : now + reset * 1000;
  return quota;
}

/** Every rate-limit or quota the response states, in the header styles servers use. */
export function readQuotas(headers: Headers, now: number): TokenQuota[] {
  const quotas: TokenQuota[] = [];
  for (const header of ["auth0-client-quota-limit", "auth0-organization-quota-limit"]) {
    const value = headers.get(header);
    if (value !== null) quotas.push(auth0(header, value, now));
  }
  for (const prefix of ["ratelimit", "x-ratelimit"]) {
    const quota = triple(headers, prefix, now);
    if (quota !== undefined) quotas.push(quota);
  }
  return quotas;
}

function describe(quota: TokenQuota, now: number): string {
  const left = quota.remaining === undefined ? "?" : String(quota.remaining);
  const of = quota.limit === undefined ? "" : ` of ${quota.limit}`;
  const reset = quota.resetAt === undefined ? "" : `, resets ${relative(quota.resetAt, now)}`;
  return `${quota.header}: ${left}${of} left${reset}`;
}

/** Reports the quota headers of a token response: exhausted fails, under a tenth left warns. */
export function checkQuota(headers: Headers, now: number): CheckResult {
  const quotas = readQuotas(headers, now);
  if (quotas.length === 0) return result("rate limit", "ok", "no rate-limit or quota headers: nothing to watch");
  const summary = quotas.map((q) => describe(q, now)).join("; ");
  if (quotas.some((q) => q.remaining === 0)) {
    return result("rate limit", "fail", summary, "The quota is used up: token requests will be refused until it resets. Cache tokens (occ does) and share them across instances with a store.");
  }
  if (quotas.some((q) => q.limit !== undefined && q.remaining !== undefined && q.remaining < q.limit / 10)) {
    return result("rate limit", "warn", summary, "Less than a tenth of the quota is left: look for clients that request a token per call.");
  }
  return result("rate limit", "ok", summary);
}
