/**
 * The targets from the benchmark brief, judged on ratios and counts from one run, never on absolute times.
 */
import type { ConfigurationResult, FleetResults, VariantFigures } from "../fleet/fleet-results.ts";
import { SLOW_CALL_MS } from "../fleet/settings.ts";
import type { Results } from "./results.ts";
import { PLAIN as PLAIN_FETCH, WITH_DPOP } from "../scenarios/dpop-overhead.ts";
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
    ...dpopVerdict(results),
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

/** Target 8, judged only on runs that measured it. */
function dpopVerdict(results: Results): Verdict[] {
  if (results.dpopOverhead === undefined) return [];
  const { p50Ms, proofMs } = results.dpopOverhead;
  const ratio = summarize(ratios(p50Ms[WITH_DPOP]!, p50Ms[PLAIN_FETCH]!)).median;
  return [
    {
      target: "8. client.fetch with DPoP (ES256 proof per request) p50 ≤ 1.3× client.fetch without",
      measured: `${ratio.toFixed(3)}× (signing one proof: ${summarize(proofMs).median.toFixed(3)} ms)`,
      pass: ratio <= 1.3,
    },
  ];
}

/** The fleet's `lease` figures, with the configuration they come from. */
function leaseFigures(fleet: FleetResults) {
  return fleet.configurations.flatMap((c) => c.variants.filter((v) => v.variant === "lease").map((v) => ({ c, v })));
}

/** The Fleet targets (`pnpm bench:fleet`), judged on counts and on whether any caller waited for the endpoint. */
export function fleetVerdicts(fleet: FleetResults): Verdict[] {
  const lease = leaseFigures(fleet);
  if (lease.length === 0) return [];
  // Fault runs are judged on failures: their outage and kill rounds make extra requests by design.
  const sized = lease.filter(({ c }) => c.faults.length === 0);
  const worstOf = (pick: (v: VariantFigures) => number) => lease.reduce((a, b) => (pick(b.v) > pick(a.v) ? b : a), lease[0]!);
  const excess = worstOf((v) => v.boundaryExcess.worstMs);
  const raw = worstOf((v) => v.boundary.worstMs);
  const failed = fleet.configurations.flatMap((c) => c.variants).reduce((sum, v) => sum + v.failuresWhileValid, 0);
  const faults = fleet.configurations.flatMap((c: ConfigurationResult) => c.faults);
  const ran = (kind: string) => faults.filter((f) => f.kind === kind);
  const landed = (kind: string) => ran(kind).length > 0 && ran(kind).every((f) => f.landed);
  return [
    {
      target: "F1. fleet with a lease: ≤ 1.05 token requests per token lifetime, at every size",
      measured: sized.map(({ c, v }) => `${c.name} ${v.perLifetime.toFixed(2)}`).join(", "),
      pass: sized.length > 0 && sized.every(({ v }) => v.rounds > 0 && v.perLifetime <= 1.05),
    },
    {
      target: `F2. fleet with a lease: no caller waits for the token endpoint at a refresh boundary (< ${SLOW_CALL_MS} ms beyond the scheduler's floor), whatever the size`,
      measured:
        `worst ${excess.v.boundaryExcess.worstMs.toFixed(2)} ms beyond the floor (${excess.c.name}); ` +
        `raw worst ${raw.v.boundary.worstMs.toFixed(1)} ms (${raw.c.name}, where the floor's worst was ${raw.c.floor.worstMs.toFixed(1)} ms)`,
      pass: lease.every(({ v }) => v.boundaryExcess.worstMs < SLOW_CALL_MS),
    },
    {
      target: "F3. fleet: 0 failed calls while a valid token existed, through a Redis restart and a lease holder SIGKILLed mid-refresh",
      measured: `${failed} failed; Redis restart ${landed("redis restart") ? "done" : "not done"}, holder killed mid-refresh ${landed("holder killed") ? "done" : "not done"}`,
      pass: failed === 0 && landed("redis restart") && landed("holder killed"),
    },
  ];
}
