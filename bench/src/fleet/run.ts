/**
 * `pnpm bench:fleet`: fleets of Node processes on Redis, Deno processes on one Deno KV file and Worker isolates on
 * one Durable Object namespace, each instance calling getToken() every 20 ms over ten 10-second token lifetimes,
 * with a lease, without it and without a store; then Redis restarted and the lease holder killed mid-refresh.
 * Writes bench/fleet-results.json and the Fleet section of bench/RESULTS.md, and prints the verdict per target.
 * `--quick` (about 4 minutes) and `--only=<configuration>[,…]` print their results without writing anything.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { machine } from "../lib/machine.ts";
import { startServers } from "../lib/spawn.ts";
import { fleetVerdicts } from "../lib/targets.ts";
import { buildBundles } from "./bundles.ts";
import { configurations } from "./configurations.ts";
import type { ConfigurationResult, FleetResults } from "./fleet-results.ts";
import { startRedisServer } from "../../../packages/redis/test/redis-server.ts";
import { renderFleetSection, withFleetSection } from "./render.ts";
import { runConfiguration } from "./run-configuration.ts";

const FLEET_JSON = new URL("../../fleet-results.json", import.meta.url);
const RESULTS_MD = new URL("../../RESULTS.md", import.meta.url);

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
const chosen = configurations(quick).filter((c) => only === undefined || only.includes(c.name));
if (chosen.length === 0) throw new Error(`no configuration named ${only?.join(", ")}: see src/fleet/configurations.ts`);

const summary = (r: ConfigurationResult) =>
  `${r.name}: ${r.variants.map((v) => `${v.variant} ${v.perLifetime.toFixed(2)}/lifetime (boundary p99 ${v.boundary.p99Ms.toFixed(2)} ms, worst ${v.boundary.worstMs.toFixed(1)} ms, ${v.failuresWhileValid} failed)`).join("; ")}; floor worst ${r.floor.worstMs.toFixed(1)} ms; ${Math.round(r.durationSeconds)} s\n`;

const started = performance.now();
const loadBefore = loadavg()[0] ?? 0;
const servers = await startServers();
const redis = await startRedisServer();
const tmp = await mkdtemp(join(tmpdir(), "occ-fleet-"));
const results: ConfigurationResult[] = [];
try {
  const bundles = await buildBundles(tmp);
  for (const configuration of chosen) {
    process.stderr.write(`fleet: ${configuration.name} (${configuration.instances} ${configuration.runtime} instances, ${configuration.lifetimes} lifetimes)\n`);
    const result = await runConfiguration(configuration, { serverUrl: servers.url, redis, tmp, bundles });
    results.push(result);
    process.stderr.write(summary(result));
  }
} finally {
  servers.close();
  await redis.stop();
  await rm(tmp, { recursive: true, force: true });
}

const fleet: FleetResults = { machine: await machine(started, loadBefore), quick, configurations: results };
if (quick || only !== undefined) {
  process.stdout.write(`${renderFleetSection(fleet)}\n`);
} else {
  await writeFile(FLEET_JSON, `${JSON.stringify(fleet, null, 2)}\n`);
  await writeFile(RESULTS_MD, withFleetSection(await readFile(RESULTS_MD, "utf8"), fleet));
}
for (const v of fleetVerdicts(fleet)) process.stdout.write(`${v.pass ? "PASS" : "MISS"}  ${v.target}: ${v.measured}\n`);
process.stdout.write(`\nFleet run took ${Math.round(fleet.machine.durationSeconds)} s${quick || only ? " (nothing written)" : "; wrote bench/RESULTS.md and bench/fleet-results.json"}.\n`);
