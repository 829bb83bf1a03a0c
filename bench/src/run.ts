/**
 * `pnpm bench`: runs every scenario, each in a fresh Node process, against the bench servers in another
 * process, then writes bench/results.json and bench/RESULTS.md and prints the verdict per target.
 * `--only=<scenario>[,<scenario>]` runs a subset and prints its results without writing anything.
 */
import { readFile, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import type { FleetResults } from "./fleet/fleet-results.ts";
import { withFleetSection } from "./fleet/render.ts";
import { contestants } from "./lib/contestants.ts";
import { renderReport } from "./lib/report.ts";
import { machine } from "./lib/machine.ts";
import type { Results } from "./lib/results.ts";
import { runChild, startServers } from "./lib/spawn.ts";
import { verdicts } from "./lib/targets.ts";
import { FLOOR } from "./scenarios/expiry-boundary.ts";
import { memorySubjects } from "./scenarios/memory.ts";

const RESULTS_JSON = new URL("../results.json", import.meta.url);
const RESULTS_MD = new URL("../RESULTS.md", import.meta.url);
const FLEET_JSON = new URL("../fleet-results.json", import.meta.url);

const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const wanted = (scenario: string) => only === undefined || only.includes(scenario);

const started = performance.now();
const loadBefore = loadavg()[0] ?? 0;
const servers = await startServers();
const env = { OCC_BENCH_SERVER: servers.url };
const partial: Partial<Results> = {};

async function each<T>(scenario: string, names: readonly string[]): Promise<T[]> {
  const rows: T[] = [];
  for (const name of names) {
    process.stderr.write(`${scenario}: ${name}\n`);
    rows.push(await runChild<T>(scenario, [name], env));
  }
  return rows;
}

try {
  const names = contestants.map((c) => c.name);
  if (wanted("bundle-size")) partial.bundleSize = await runChild("bundle-size", [], env);
  if (wanted("cached-get-token")) partial.cachedGetToken = await runChild("cached-get-token", [], env);
  if (wanted("otel-overhead")) partial.otelOverhead = await runChild("otel-overhead", [], env);
  if (wanted("fetch-overhead")) partial.fetchOverhead = await runChild("fetch-overhead", [], env);
  if (wanted("dpop-overhead")) partial.dpopOverhead = await runChild("dpop-overhead", [], env);
  if (wanted("stampede")) partial.stampede = await each("stampede", names);
  if (wanted("steady-state")) partial.steadyState = await each("steady-state", names);
  if (wanted("expiry-boundary")) partial.expiryBoundary = await each("expiry-boundary", [FLOOR, ...names]);
  if (wanted("memory")) partial.memory = await each("memory", memorySubjects);
} finally {
  servers.close();
}

if (only !== undefined) {
  process.stdout.write(`${JSON.stringify(partial, null, 2)}\n`);
} else {
  const results = { machine: await machine(started, loadBefore), ...partial } as Results;
  await writeFile(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
  // The Fleet section comes from `pnpm bench:fleet`, a run of its own: kept as its last run left it.
  const fleet = await readFile(FLEET_JSON, "utf8").then((text) => JSON.parse(text) as FleetResults, () => undefined);
  await writeFile(RESULTS_MD, fleet ? withFleetSection(renderReport(results), fleet) : renderReport(results));
  for (const v of verdicts(results)) process.stdout.write(`${v.pass ? "PASS" : "MISS"}  ${v.target}: ${v.measured}\n`);
  process.stdout.write(`\nWrote bench/RESULTS.md and bench/results.json in ${Math.round(results.machine.durationSeconds)} s.\n`);
}
