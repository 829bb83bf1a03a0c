/** Renders `pnpm bench:fleet`'s results as the Fleet section of bench/RESULTS.md, always the file's last section. */
import { fleetVerdicts } from "../lib/targets.ts";
import type { ConfigurationResult, FleetResults, VariantFigures } from "./fleet-results.ts";
import { CALLER_INTERVAL_MS, ENDPOINT_DELAY_MS, REFRESH_SKEW_SECONDS, ROUND_GAP_MS, TOKEN_TTL_SECONDS } from "./settings.ts";

const HEADING = "## Fleet";

const ms = (value: number) => (Number.isNaN(value) ? "–" : value < 10 ? value.toFixed(2) : value.toFixed(1));
const ratio = (v: VariantFigures | undefined) => (v === undefined ? "–" : v.perLifetime.toFixed(2));
const variantOf = (c: ConfigurationResult, name: string) => c.variants.find((v) => v.variant === name);

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function sizeRows(configurations: ConfigurationResult[]): string[][] {
  return configurations
    .filter((c) => c.faults.length === 0)
    .map((c) => {
      const lease = variantOf(c, "lease")!;
      const failed = c.variants.reduce((n, v) => n + v.failuresWhileValid, 0);
      return [c.runtime, String(c.instances), c.cpuCores.toFixed(2), ratio(lease), ratio(variantOf(c, "lease-less")), ratio(variantOf(c, "no store")),
        String(lease.coldStartRequests), ms(lease.boundary.p99Ms), ms(lease.boundary.worstMs), ms(lease.boundaryExcess.worstMs), ms(c.floor.worstMs), String(failed)];
    });
}

function detailRows(configurations: ConfigurationResult[]): string[][] {
  return configurations.flatMap((c) =>
    c.variants.map((v) => [c.name, v.variant, `${v.requests} / ${v.rounds}`, String(v.coldStartRequests), v.boundary.calls.toLocaleString("en-US"),
      ms(v.boundary.p99Ms), ms(v.boundary.worstMs), String(v.boundary.slow), ms(v.boundaryExcess.worstMs), ms(v.all.worstMs), `${v.failures} (${v.failuresWhileValid})`,
      String(v.storeErrors), Object.entries(v.leases).sort().map(([k, n]) => `${k} ${n}`).join(", ") || "–"]),
  );
}

export function renderFleetSection(fleet: FleetResults): string {
  const { machine } = fleet;
  const faulted = fleet.configurations.filter((c) => c.faults.length > 0);
  return `${HEADING}

Produced by \`pnpm bench:fleet\`${fleet.quick ? " --quick" : ""} on ${machine.date} (${Math.round(machine.durationSeconds)} s; ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB,
${machine.os}, Node ${machine.node}; load average ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after). See [README.md](./README.md#fleet) for the method.
Tokens live ${TOKEN_TTL_SECONDS} s and are refreshed ${REFRESH_SKEW_SECONDS} s early; the endpoint answers after ${ENDPOINT_DELAY_MS} ms; every instance calls
\`getToken()\` every ${CALLER_INTERVAL_MS} ms on three clients side by side — **lease** (the store as shipped), **lease-less** (the same store
wrapped by \`defineStore\` without \`acquireLease\`/\`releaseLease\`) and **no store**. Calls are timed from 3 s after the start, and
1 s after every instance has its first tokens (the cold start is no refresh boundary), for 10 lifetimes (fault runs: as listed).

${table(["Target", "Measured", "Verdict"], fleetVerdicts(fleet).map((v) => [v.target, v.measured, v.pass ? "PASS" : "**MISS**"]))}

### Token requests per token lifetime, whole fleet

A round starts with a token request at least ${ROUND_GAP_MS / 1000} s after the previous round's first one (a token serves ${TOKEN_TTL_SECONDS - REFRESH_SKEW_SECONDS} s); requests per lifetime = requests / rounds in
the measured window (1.00 = one refresh per lifetime for the whole fleet). Fleet CPU: cores the instances' processes (for
workerd, the one workerd process) used on average during the window, of the machine's ${fleet.machine.cores}. Latency columns: the lease clients' calls at the refresh
boundaries (begun while the instance's token was due for refresh, or bringing a new one). "Floor": per tick, the time
until a 0 ms timer set at the tick's start fires; every call answered from memory has resolved by then, so it is what the
event loop and the scheduler alone cost a caller on this machine. "Beyond floor": each call's wait minus its tick's floor,
which only a wait for the store or the token endpoint (or a stall after the timer) leaves above zero. Failed: calls that
failed while a valid token existed, all variants.

${table(["runtime", "instances", "fleet CPU (cores)", "lease", "lease-less", "no store", "lease cold start", "p99 ms", "worst ms", "worst beyond floor ms", "floor worst ms", "failed"], sizeRows(fleet.configurations))}

Node: processes on one \`redis-server\` (\`redisStore\`); Deno: processes on one Deno KV file (\`denoKvStore\`); workerd: Worker isolates in
one workerd (Miniflare) binding one \`OccTokenCoordinator\` namespace (\`durableObjectStore\`).

### Faults (lease only)

${table(["configuration", "fault", "what happened", "requests in that round", "boundary worst ms", "failed while valid"],
  faulted.flatMap((c) => c.faults.map((f) => [c.name, f.kind, f.detail, String(f.roundRequests), ms(variantOf(c, "lease")!.boundary.worstMs), String(variantOf(c, "lease")!.failuresWhileValid)])))}

Killed instances: ${faulted.map((c) => `${c.name} ${c.killed}`).join(", ") || "none"} (their latencies are lost with them; their failures were reported as they happened).

### Every client

${table(["configuration", "variant", "requests / rounds", "cold start", "boundary calls", "p99 ms", "worst ms", "> 20 ms", "worst beyond floor ms", "all calls worst ms", "failed (while valid)", "store errors", "lease events"], detailRows(fleet.configurations))}
`;
}

/** `markdown` (RESULTS.md) with its Fleet section replaced by, or appended as, this run's. */
export function withFleetSection(markdown: string, fleet: FleetResults): string {
  const at = markdown.indexOf(`\n${HEADING}\n`);
  const before = at === -1 ? markdown.trimEnd() : markdown.slice(0, at).trimEnd();
  return `${before}\n\n${renderFleetSection(fleet)}`;
}
