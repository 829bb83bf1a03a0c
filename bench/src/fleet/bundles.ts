/**
 * Every instance's code, bundled once when the run starts: a rebuild of the packages during the 20-minute run (the
 * checkout is shared) can then neither break nor change the fleet halfway, and every configuration runs the same code.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";

export interface Bundles {
  /** Files to run: Node and Deno instances. */
  nodeMember: string;
  denoMember: string;
  /** Module sources for Miniflare. */
  fleetWorker: string;
  coordinatorWorker: string;
}

async function bundle(entry: string, options: BuildOptions): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    format: "esm",
    logLevel: "warning",
    // @occ/core's dist imports some chunks bare, under "sideEffects": false; esbuild drops them and says so, once per import.
    logOverride: { "ignored-bare-import": "silent" },
    ...options,
  });
  return result.outputFiles![0]!.text;
}

const forWorkers: BuildOptions = { platform: "neutral", target: "es2022", mainFields: ["module", "main"], conditions: ["workerd", "worker", "browser"] };

/** Bundles the four entry points; the two runnable ones are written to `dir`. */
export async function buildBundles(dir: string): Promise<Bundles> {
  const [node, deno, fleetWorker, coordinatorWorker] = await Promise.all([
    // node-redis is CommonJS: its require() calls need a real require in an ES module.
    bundle("./node-member.ts", {
      platform: "node",
      target: "node20",
      banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
    }),
    bundle("./deno-member.ts", { platform: "neutral", target: "es2022", mainFields: ["module", "main"], conditions: ["deno", "import"] }),
    bundle("./fleet-worker.ts", forWorkers),
    bundle("./coordinator-worker.ts", forWorkers),
  ]);
  const nodeMember = join(dir, "node-member.mjs");
  const denoMember = join(dir, "deno-member.mjs");
  await Promise.all([writeFile(nodeMember, node), writeFile(denoMember, deno)]);
  return { nodeMember, denoMember, fleetWorker, coordinatorWorker };
}
