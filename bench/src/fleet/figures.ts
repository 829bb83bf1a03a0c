/** Turns one configuration's raw material (server logs, instance stats, streamed failures) into its figures. */
import type { LoggedRequest } from "../lib/logged-request.ts";
import type { MemberStats, VariantStats } from "./fleet-member.ts";
import type { Latency, VariantFigures } from "./fleet-results.ts";
import { type Histogram, merge, percentileOf } from "./latency-histogram.ts";
import type { Variant } from "./settings.ts";
import { roundsOf, validTokenAt } from "./token-log.ts";

/** A failed getToken() call as an instance reported it. */
export interface Failure {
  variant: Variant;
  at: number;
  code: string;
}

export const latencyOf = (histogram: Histogram): Latency => ({
  calls: histogram.samples,
  p99Ms: percentileOf(histogram, 99),
  worstMs: histogram.worstMs,
  slow: histogram.slow,
});

function sumLeases(all: readonly VariantStats[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const s of all) for (const [outcome, count] of Object.entries(s.leases)) sum[outcome] = (sum[outcome] ?? 0) + count;
  return sum;
}

/** One variant's figures over the window [measureFrom, until). */
export function variantFigures(
  variant: Variant,
  log: readonly LoggedRequest[],
  stats: readonly (MemberStats | undefined)[],
  failures: readonly Failure[],
  window: { measureFrom: number; until: number },
): VariantFigures {
  const rounds = roundsOf(log);
  const measured = rounds.filter((round) => round[0]!.at >= window.measureFrom && round[0]!.at < window.until);
  const requests = measured.reduce((sum, round) => sum + round.length, 0);
  const mine = stats.flatMap((s) => (s?.variants[variant] ? [s.variants[variant]] : []));
  const failed = failures.filter((f) => f.variant === variant);
  return {
    variant,
    requests,
    rounds: measured.length,
    perLifetime: requests / measured.length,
    coldStartRequests: rounds[0]?.length ?? 0,
    boundary: latencyOf(merge(mine.map((s) => s.boundary))),
    boundaryExcess: latencyOf(merge(mine.map((s) => s.boundaryExcess))),
    all: latencyOf(merge(mine.map((s) => s.all))),
    failures: failed.length,
    failuresWhileValid: failed.filter((f) => validTokenAt(log, f.at)).length,
    storeErrors: mine.reduce((sum, s) => sum + s.storeErrors, 0),
    leases: sumLeases(mine),
  };
}
