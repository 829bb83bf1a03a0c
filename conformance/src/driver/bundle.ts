import { build } from "esbuild";
import { join } from "node:path";
import { BUILD_DIR, ROOT } from "./paths.ts";

/** Bundles for runtimes that cannot run the TypeScript sources. */
export interface Bundles {
  /** Node entry for Node 20 and 22, which imports the built `@occ/core` and `@occ/keys` like any application would. */
  node20: string;
  node22: string;
  /** The module worker for workerd, `@occ/core` and `@occ/keys` included. */
  worker: string;
}

/** Builds every bundle into `.build/`. */
export async function buildBundles(): Promise<Bundles> {
  const nodeEntry = join(ROOT, "src/entries/node.ts");
  const out: Bundles = {
    node20: join(BUILD_DIR, "node20.mjs"),
    node22: join(BUILD_DIR, "node22.mjs"),
    worker: join(BUILD_DIR, "worker.mjs"),
  };
  const common = { bundle: true, format: "esm", logLevel: "warning", legalComments: "none" } as const;
  await Promise.all([
    build({ ...common, entryPoints: [nodeEntry], outfile: out.node20, platform: "node", target: "node20", external: ["@occ/core", "@occ/keys"] }),
    build({ ...common, entryPoints: [nodeEntry], outfile: out.node22, platform: "node", target: "node22", external: ["@occ/core", "@occ/keys"] }),
    build({
      ...common,
      entryPoints: [join(ROOT, "src/entries/worker.ts")],
      outfile: out.worker,
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      conditions: ["workerd", "worker", "browser"],
    }),
  ]);
  return out;
}
