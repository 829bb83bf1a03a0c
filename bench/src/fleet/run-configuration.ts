/** Runs one configuration on its runtime and turns what it yields into its figures. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Bundles } from "./bundles.ts";
import type { Configuration } from "./configurations.ts";
import { killHolder, restartRedis } from "./faults.ts";
import type { FleetPlan } from "./fleet-clients.ts";
import type { ConfigurationResult, FaultReport, Runtime } from "./fleet-results.ts";
import { latencyOf, variantFigures } from "./figures.ts";
import { merge } from "./latency-histogram.ts";
import type { MemberCommand } from "./members.ts";
import { runProcessFleet, type RunningFleet } from "./process-fleet.ts";
import type { RedisServer } from "../../../packages/redis/test/redis-server.ts";
import { namespaceOf, TOKEN_TTL_SECONDS } from "./settings.ts";
import { tokenLog } from "./token-log.ts";
import { runWorkerdFleet } from "./workerd-fleet.ts";

/** What the orchestrator started once for every configuration. */
export interface Environment {
  serverUrl: string;
  redis: RedisServer;
  /** A scratch folder: Deno KV files, and Deno's working directory. */
  tmp: string;
  bundles: Bundles;
}

const STORES: Record<Runtime, string> = {
  node: "redisStore (@occ/redis, node-redis 5, redis-server)",
  deno: "denoKvStore (@occ/deno, one Deno KV file)",
  workerd: "durableObjectStore (@occ/cloudflare, OccTokenCoordinator)",
};

/** The `deno` npm package's own binary, run directly: its bin.cjs wrapper would add a Node process per instance. */
function denoBinary(): string {
  const binary = join(dirname(createRequire(import.meta.url).resolve("deno/package.json")), "deno");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run \`pnpm install\` (deno's install script unpacks it)`);
  return binary;
}

function commandFor(configuration: Configuration, plan: FleetPlan, env: Environment): MemberCommand {
  if (configuration.runtime === "node") {
    return { command: process.execPath, args: [env.bundles.nodeMember, JSON.stringify({ ...plan, redisUrl: env.redis.url })] };
  }
  const kvPath = join(env.tmp, `${configuration.name}.kv`);
  const args = ["run", "--quiet", "--unstable-kv", "--allow-net=127.0.0.1", `--allow-read=${env.tmp}`, `--allow-write=${env.tmp}`];
  // Outside the repository, so Deno finds no package.json or workspace file to act on.
  return { command: denoBinary(), args: [...args, env.bundles.denoMember, JSON.stringify({ ...plan, kvPath })], cwd: env.tmp };
}

async function faults(configuration: Configuration, fleet: RunningFleet, env: Environment): Promise<FaultReport[]> {
  const target = { serverUrl: env.serverUrl, namespace: namespaceOf(configuration.name, "lease") };
  const reports: FaultReport[] = [];
  if (configuration.redisRestartAfterS !== undefined) {
    reports.push(await restartRedis(target, env.redis, fleet.measureFrom + configuration.redisRestartAfterS * 1000));
  }
  if (configuration.killHolderAfterS !== undefined) {
    reports.push(await killHolder(fleet, target, fleet.measureFrom + configuration.killHolderAfterS * 1000));
  }
  return reports;
}

export async function runConfiguration(configuration: Configuration, env: Environment): Promise<ConfigurationResult> {
  const started = performance.now();
  const { name, runtime, instances, lifetimes, variants } = configuration;
  const plan: FleetPlan = { serverUrl: env.serverUrl, configuration: name, variants };
  const lifetimeMs = lifetimes * TOKEN_TTL_SECONDS * 1000;
  const run =
    runtime === "workerd"
      ? await runWorkerdFleet(instances, lifetimeMs, plan, env.bundles)
      : await runProcessFleet(instances, lifetimeMs, () => commandFor(configuration, plan, env), (fleet) => faults(configuration, fleet, env));
  const figures = await Promise.all(
    variants.map(async (variant) => variantFigures(variant, await tokenLog(env.serverUrl, namespaceOf(name, variant)), run.stats, run.failures, run)),
  );
  return {
    name,
    runtime,
    store: STORES[runtime],
    instances,
    lifetimes,
    variants: figures,
    floor: latencyOf(merge(run.stats.flatMap((s) => (s ? [s.floor] : [])))),
    faults: run.faults,
    killed: run.killed,
    cpuCores: run.cpuCores,
    durationSeconds: (performance.now() - started) / 1000,
  };
}
