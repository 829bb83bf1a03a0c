/**
 * Runs a fleet of Workers in workerd through Miniflare: `instances` Workers — so as many isolates — each binding one
 * `OccTokenCoordinator` namespace hosted by another Worker (`scriptName`), as a user's fleet of Workers would.
 * Each Worker runs its callers inside one long request (fleet-worker.ts) and answers its stats at the end.
 */
import { Miniflare } from "miniflare";
import type { Bundles } from "./bundles.ts";
import { childrenNamed, coresUsed, cpuSeconds } from "./cpu.ts";
import type { FleetPlan } from "./fleet-clients.ts";
import type { FleetRun } from "./process-fleet.ts";
import { WARM_UP_MS } from "./settings.ts";
import type { WorkerResult, WorkerRun } from "./fleet-worker.ts";

/** Supported by the workerd that miniflare 4.20260730 ships; the example Workers use it too. */
const COMPATIBILITY_DATE = "2026-07-01";
const COORDINATOR = { className: "OccTokenCoordinator", useSQLite: true };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function worker(name: string, contents: string, coordinator: object) {
  return {
    name,
    compatibilityDate: COMPATIBILITY_DATE,
    modules: [{ type: "ESModule" as const, path: `${name}.mjs`, contents }],
    durableObjects: { OCC_COORDINATOR: coordinator },
  };
}

export async function runWorkerdFleet(instances: number, lifetimeMs: number, plan: FleetPlan, bundles: Bundles): Promise<FleetRun> {
  const { coordinatorWorker: coordinator, fleetWorker: fleet } = bundles;
  const names = Array.from({ length: instances }, (_, i) => `fleet-${i}`);
  const mf = new Miniflare({
    workers: [
      worker("occ-coordinator", coordinator, COORDINATOR),
      ...names.map((name) => worker(name, fleet, { ...COORDINATOR, scriptName: "occ-coordinator" })),
    ],
  });
  try {
    await mf.ready;
    const workers = await Promise.all(names.map((name) => mf.getWorker(name)));
    const pids = await childrenNamed("workerd");
    const measureFrom = Date.now() + WARM_UP_MS;
    const until = measureFrom + lifetimeMs;
    const cpu = [measureFrom, until].map((at) => sleep(at - Date.now()).then(() => cpuSeconds(pids)));
    const run: WorkerRun = { ...plan, measureFrom, until };
    const results = await Promise.all(
      workers.map(async (w) => {
        const response = await w.fetch("http://fleet/", { method: "POST", body: JSON.stringify(run) });
        if (!response.ok) throw new Error(`fleet Worker answered ${response.status}: ${await response.text()}`);
        return (await response.json()) as WorkerResult;
      }),
    );
    const cpuCores = coresUsed(await cpu[0]!, await cpu[1]!, lifetimeMs / 1000);
    return { stats: results.map((r) => r.stats), failures: results.flatMap((r) => r.failures), measureFrom, until, faults: [], killed: 0, cpuCores };
  } finally {
    await mf.dispose();
  }
}
