/**
 * The targets from the benchmark brief, judged on ratios and counts from one run, never on absolute times.
 */
import type { Results } from "./results.ts";
import { INSTRUMENTED, PLAIN } from "../scenarios/otel-overhead.ts";
import { ratios, summarize } from "./stats.ts";

/** One target's verdict. */
export interface Verdict {
  target: string;
  measured: string;
  pass: boolean;
}

const TOKEN_TTL_SECONDS = 300;
const REFRESH_SKEW_SECONDS = 60;

function occ<T extends { contestant: string }>(rows: T[]): T {
  const row = rows.find((r) => r.contestant === "occ");
  if (row === undefined) throw new Error("no occ row in results");
  return row;
}

/** Every target, in the brief's order. */
export function verdicts(results: Results): Verdict[] {
  const cached = results.cachedGetToken.callsPerSecond;
  const vsFloor = summarize(ratios(cached.occ!, cached.floor!)).median;

  const overhead = results.fetchOverhead;
  const p50 = summarize(ratios(overhead.p50Ms.occ!, overhead.p50Ms["plain fetch"]!)).median;

  const stampede = occ(results.stampede);
  const steady = occ(results.steadyState);
  const perRefreshCycle = (60 * 60) / (TOKEN_TTL_SECONDS - REFRESH_SKEW_SECONDS);
  const expiry = occ(results.expiryBoundary);

  const occSize = results.bundleSize.find((b) => b.name === "@occ/core");
  const peers = results.bundleSize.filter((b) => !b.name.startsWith("@occ/"));
  const smallestPeer = peers.reduce((a, b) => (b.usedGzip < a.usedGzip ? b : a));

  return [
    {
      target: "1. cached getToken() ≥ 0.8× the floor (bare async Map read)",
      measured: `${vsFloor.toFixed(2)}×`,
      pass: vsFloor >= 0.8,
    },
    {
      target: "2. client.fetch p50 ≤ 1.05× plain fetch",
      measured: `${p50.toFixed(3)}×`,
      pass: p50 <= 1.05,
    },
    {
      target: "3. cold stampede of 10 000 callers makes exactly 1 token request",
      measured: `${stampede.tokenRequests} request(s), ${stampede.failedCallers} failed caller(s)`,
      pass: stampede.tokenRequests === 1 && stampede.failedCallers === 0,
    },
    {
      target: `4. steady state: one token request per token (≤ ${perRefreshCycle}/hour with 5-min tokens refreshed ${REFRESH_SKEW_SECONDS} s early; 12/hour without refresh-ahead)`,
      measured: `${steady.tokenRequestsPerHour}/hour`,
      pass: steady.tokenRequestsPerHour <= perRefreshCycle,
    },
    {
      target: "5. expiry boundary: no caller waits for the token endpoint (worst wait < 20 ms)",
      measured: `${expiry.worstWaitMs.toFixed(2)} ms worst, ${expiry.slowCallers} caller(s) over 20 ms`,
      pass: expiry.worstWaitMs < 20,
    },
    {
      target: "6. lightest: @occ/core (createClient, min+gzip) smaller than every peer's client-credentials imports",
      measured: occSize
        ? `${occSize.usedGzip} B vs ${smallestPeer.usedGzip} B (${smallestPeer.name})`
        : "@occ/core not built",
      pass: occSize !== undefined && occSize.usedGzip < smallestPeer.usedGzip,
    },
    ...otelVerdict(results),
  ];
}

/** Target 7, judged only on runs that measured it. */
function otelVerdict(results: Results): Verdict[] {
  if (results.otelOverhead === undefined) return [];
  const { callsPerSecond, cacheHitsExported } = results.otelOverhead;
  const ratio = summarize(ratios(callsPerSecond[INSTRUMENTED]!, callsPerSecond[PLAIN]!)).median;
  return [
    {
      target: "7. cached getToken() with @occ/otel recording into the OpenTelemetry SDK ≥ 0.9× without it",
      measured: `${ratio.toFixed(2)}× (${cacheHitsExported.toLocaleString("en-US")} cache hits exported)`,
      pass: ratio >= 0.9 && cacheHitsExported > 0,
    },
  ];
}
