import type { TokenQuota } from "@occ/core";
import { parseQuotas } from "@occ/core/diagnostics";
import { relative } from "../time.js";
import { type CheckResult, result } from "./check.js";

function describe(quota: TokenQuota, now: number): string {
  const left = quota.remaining === undefined ? "?" : String(quota.remaining);
  const of = quota.limit === undefined ? "" : ` of ${quota.limit}`;
  const reset = quota.resetAt === undefined ? "" : `, resets ${relative(quota.resetAt, now)}`;
  return `${quota.header}: ${left}${of} left${reset}`;
}

/** Reports the quota headers of a token response: exhausted fails, under a tenth left warns. */
export function checkQuota(headers: Headers, now: number): CheckResult {
  const quotas = parseQuotas(headers, now);
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
