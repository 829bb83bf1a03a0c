/**
 * `pnpm bench`: runs every scenario, each in a fresh Node process, against the bench servers in another
 * process, then writes bench/results.json and bench/RESULTS.md and prints the verdict per target.
 * `--only=<scenario>[,<scenario>]` runs a subset and prints its results without writing anything.
 */
import { readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg, release, totalmem } from "node:os";
import { contestants } from "./lib/contestants.ts";
import { renderReport } from "./lib/report.ts";
import type { Machine, Results } from "./lib/results.ts";
import { runChild, startServers } from "./lib/spawn.ts";
import { verdicts } from "./lib/targets.ts";
import { FLOOR } from "./scenarios/expiry-boundary.ts";
import { memorySubjects } from "./scenarios/memory.ts";

const RESULTS_JSON = new URL("../results.json", import.meta.url);
const RESULTS_MD = new URL("../RESULTS.md", import.meta.url);

const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const wanted = (scenario: string) => only === undefined || only.includes(scenario);

async function machine(started: number, loadBefore: number): Promise<Machine> {
  const cpuinfo = await readFile("/proc/cpuinfo", "utf8").catch(() => "");
  const osRelease = await readFile("/etc/os-release", "utf8").catch(() => "");
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: totalmem() / 2 ** 30,
    os: `${/^PRETTY_NAME="?([^"\n]+)/m.exec(osRelease)?.[1] ?? process.platform}, Linux ${release()}`,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
    durationSeconds: (performance.now() - started) / 1000,
  };
}

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
  await writeFile(RESULTS_MD, renderReport(results));
  for (const v of verdicts(results)) process.stdout.write(`${v.pass ? "PASS" : "MISS"}  ${v.target}: ${v.measured}\n`);
  process.stdout.write(`\nWrote bench/RESULTS.md and bench/results.json in ${Math.round(results.machine.durationSeconds)} s.\n`);
}
