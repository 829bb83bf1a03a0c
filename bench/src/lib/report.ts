/** Renders one run's results as bench/RESULTS.md. */
import type { Results } from "./results.ts";
import { ratios, summarize, type Summary } from "./stats.ts";
import { verdicts } from "./targets.ts";
import { PLAIN as PLAIN_FETCH } from "../scenarios/dpop-overhead.ts";

function num(value: number, digits = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min–max)" */
function spread(s: Summary, digits = 0): string {
  return `${num(s.median, digits)} (${num(s.min, digits)}–${num(s.max, digits)})`;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

function pairedRatio(a: number[], b: number[], digits = 2): string {
  return `${spread(summarize(ratios(a, b)), digits)}×`;
}

/** Section 1b, for runs that measured @occ/otel. */
function otelSection(results: Results): string {
  const otel = results.otelOverhead;
  if (otel === undefined) return "";
  const rows = Object.entries(otel.callsPerSecond).map(([name, values]) => [
    name,
    spread(summarize(values)),
    pairedRatio(values, otel.callsPerSecond.occ!),
  ]);
  return `### With @occ/otel

The same call on a client whose \`onEvent\` is \`otelEvents()\`, recording into a real OpenTelemetry SDK collected every second.

${table(["Client", "calls/s", "vs occ"], rows)}
`;
}

/** Section 2b, for runs that measured DPoP. */
function dpopSection(results: Results): string {
  const dpop = results.dpopOverhead;
  if (dpop === undefined) return "";
  const plain = dpop.p50Ms[PLAIN_FETCH]!;
  const rows = Object.keys(dpop.p50Ms).map((name) => [
    name,
    spread(summarize(dpop.p50Ms[name]!), 3),
    spread(summarize(dpop.p99Ms[name]!), 3),
    pairedRatio(dpop.p50Ms[name]!, plain, 3),
    pairedRatio(dpop.p99Ms[name]!, dpop.p99Ms[PLAIN_FETCH]!, 3),
  ]);
  return `### With DPoP

The same loopback API, two occ clients taking turns request by request: one plain, one with \`dpop: await dpopKey()\`
(ES256), whose every request carries a freshly signed proof with \`ath\`. ${dpop.sequentialPerRound} sequential requests
each per round, ${plain.length} rounds. Signing one proof alone (\`key.proof()\`, median of ${dpop.proofsPerRound} per round):
${spread(summarize(dpop.proofMs), 3)} ms.

${table(["Client", "p50 ms", "p99 ms", "p50 vs occ", "p99 vs occ"], rows)}
`;
}

export function renderReport(results: Results): string {
  const { machine } = results;
  const cached = results.cachedGetToken;
  const overhead = results.fetchOverhead;
  const sizeOf = (name: string) => results.bundleSize.find((b) => b.name === name);
  const occSize = sizeOf("@occ/core");

  return `# Benchmark results

Produced by \`pnpm --filter @occ/bench bench\` (see [README.md](./README.md) for what each scenario does and why).
Every figure is the median over rounds with the (min–max) spread in brackets; ratios are taken per round
between contenders measured in the same process, then summarized. Targets are judged on ratios and counts only.

## Machine

| | |
| --- | --- |
| Date | ${machine.date} |
| Node | ${machine.node} |
| CPU | ${machine.cpu}, ${machine.cores} cores |
| Memory | ${num(machine.memoryGiB, 1)} GiB |
| OS | ${machine.os} |
| Load average (1 min) before / after | ${num(machine.loadBefore, 2)} / ${num(machine.loadAfter, 2)} |
| Run time | ${num(machine.durationSeconds)} s |

A load average above the core count means other work shared the CPU during the run: absolute figures
suffer, ratios much less, since contenders alternate within each round and ratios are paired per round.

## Targets

${table(
  ["Target", "Measured", "Verdict"],
  verdicts(results).map((v) => [v.target, v.measured, v.pass ? "PASS" : "**MISS**"]),
)}

## 1. Cached \`getToken()\` throughput

Warm cache, memory store, one client; ${cached.batch} awaited calls per tinybench iteration, ${cached.callsPerSecond.occ!.length} rounds.

${table(
  ["Contender", "calls/s", "vs floor"],
  Object.entries(cached.callsPerSecond).map(([name, values]) => [
    name,
    spread(summarize(values)),
    pairedRatio(values, cached.callsPerSecond.floor!),
  ]),
)}

occ vs @badgateway/oauth2-client: ${pairedRatio(cached.callsPerSecond.occ!, cached.callsPerSecond["@badgateway/oauth2-client"]!)}

${otelSection(results)}
## 2. \`client.fetch\` overhead

Loopback API in another process; contenders take turns request by request. Latency: ${overhead.sequentialPerRound}
sequential requests each per round. Throughput: ${overhead.concurrency} concurrent callers making ${overhead.concurrentPerRound} requests
per round, shared by the contenders; each one's rate is callers / its mean latency (Little's law). ${overhead.p50Ms.occ!.length} rounds.

${table(
  ["Contender", "p50 ms", "p99 ms", "requests/s", "p50 vs plain", "p99 vs plain", "req/s vs plain"],
  Object.keys(overhead.p50Ms).map((name) => [
    name,
    spread(summarize(overhead.p50Ms[name]!), 3),
    spread(summarize(overhead.p99Ms[name]!), 3),
    spread(summarize(overhead.requestsPerSecond[name]!)),
    pairedRatio(overhead.p50Ms[name]!, overhead.p50Ms["plain fetch"]!, 3),
    pairedRatio(overhead.p99Ms[name]!, overhead.p99Ms["plain fetch"]!, 3),
    pairedRatio(overhead.requestsPerSecond[name]!, overhead.requestsPerSecond["plain fetch"]!, 3),
  ]),
)}

${dpopSection(results)}
## 3. Cold stampede

${num(results.stampede[0]?.callers ?? 0)} callers ask one fresh client at once. Connection pools capped at 256 sockets for every contender.

${table(
  ["Contender", "token requests", "distinct tokens handed out", "failed callers", "elapsed ms"],
  results.stampede.map((r) => [r.contestant, num(r.tokenRequests), num(r.distinctTokens), num(r.failedCallers), num(r.elapsedMs)]),
)}

## 4. Steady state

200 calls/s, 5-minute tokens, refresh skew 60 s where the client has one, simulated clock. occ and
\`simple-oauth2 + expired()\` replace each token 60 s before it expires (one request per 240 s); the
@badgateway client uses each token to its last millisecond, and its callers wait for the next one (section 5).

${table(
  ["Contender", "clock", "simulated", "token requests", "per hour"],
  results.steadyState.map((r) => [
    r.contestant,
    r.clock,
    `${num(r.simulatedSeconds)} s`,
    num(r.tokenRequests),
    `${num(r.tokenRequestsPerHour)}${r.extrapolated ? " (scaled)" : ""}`,
  ]),
)}

## 5. Expiry boundary

2 s tokens, refresh skew 1 s, a token endpoint that answers after 150 ms, a caller every 2 ms, real time. The cold first token is fetched before measuring.

${table(
  ["Contender", "duration", "callers", "token requests", "worst wait ms", "p99 ms", "p50 ms", "callers > 20 ms"],
  results.expiryBoundary.map((r) => [
    r.contestant,
    `${num(r.durationMs / 1000)} s`,
    num(r.callers),
    num(r.tokenRequests),
    num(r.worstWaitMs, 2),
    num(r.p99WaitMs, 2),
    num(r.p50WaitMs, 3),
    num(r.slowCallers),
  ]),
)}

## 6. Memory and size

Retained heap after full GCs (\`--expose-gc\`, \`heapUsed\`), ${num(results.memory[0]?.clients ?? 0)} clients with distinct endpoints, ${results.memory[0]?.perClient.length ?? 0} rounds.
"Per cached token" is what each client grows by once it holds a token (opaque 43-character tokens).

${table(
  ["Contender", "bytes per client", "bytes per cached token"],
  results.memory.map((r) => [
    r.contestant,
    spread(summarize(r.perClient)),
    r.perToken === null ? "no cache" : spread(summarize(r.perToken)),
  ]),
)}

Peers without a cache have no per-token figure. The \`@occ/*\` adapters' sizes include \`@occ/core\`.

esbuild bundle with dependencies, minified, gzip level 9 (bytes). "Used" is what a client-credentials service imports.

${table(
  ["Package", "version", "entry min", "entry gzip", "used imports", "used min", "used gzip", "used gzip vs @occ/core"],
  results.bundleSize.map((b) => [
    b.name,
    b.version,
    num(b.entryMin),
    num(b.entryGzip),
    b.usedImports,
    num(b.usedMin),
    num(b.usedGzip),
    occSize ? `${num(b.usedGzip / occSize.usedGzip, 2)}×` : "",
  ]),
)}
`;
}
