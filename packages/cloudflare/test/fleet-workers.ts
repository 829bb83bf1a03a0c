// Runs on the Node side, from vitest.config.ts: the auxiliary Workers of the fleet tests, bundled from their
// TypeScript with esbuild (auxiliary Workers do not go through Vite).
import { build } from "esbuild";

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
  });
  return result.outputFiles[0]!.text;
}

/**
 * `occ-coordinator` hosts the OccTokenCoordinator class; `fleet-a` and `fleet-b`, two more Workers (so two more
 * isolates), bind it with `scriptName` as a user's other Workers would, and get tokens configured by `bindings`.
 */
export async function fleetWorkers(compatibilityDate: string, bindings: Record<string, string>) {
  const [coordinator, fleet] = await Promise.all([bundle("./fixtures/coordinator-worker.ts"), bundle("./fixtures/fleet-worker.ts")]);
  const shared = { className: "OccTokenCoordinator", scriptName: "occ-coordinator", useSQLite: true };
  const fleetWorker = (name: string) => ({
    name,
    compatibilityDate,
    modules: [{ type: "ESModule" as const, path: `${name}.mjs`, contents: fleet }],
    durableObjects: { OCC_COORDINATOR: shared },
    bindings,
  });
  return [
    {
      name: "occ-coordinator",
      compatibilityDate,
      modules: [{ type: "ESModule" as const, path: "occ-coordinator.mjs", contents: coordinator }],
      durableObjects: { OCC_COORDINATOR: { className: "OccTokenCoordinator", useSQLite: true } },
    },
    fleetWorker("fleet-a"),
    fleetWorker("fleet-b"),
  ];
}
