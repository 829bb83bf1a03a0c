import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

const appDir = fileURLToPath(new URL("..", import.meta.url));

/** A running copy of the Worker in workerd, and everything it logged. */
export interface LocalWorker {
  fetch(path?: string): Promise<Response>;
  /** stdout and stderr of workerd so far, as the Worker's console.log/console.error wrote them. */
  logs(): string;
  dispose(): Promise<void>;
}

/** The Worker bundled as wrangler would (workerd conditions), and wrangler.toml's compatibility date. */
export async function bundleWorker(): Promise<{ script: string; compatibilityDate: string }> {
  const result = await build({
    entryPoints: [`${appDir}/src/worker.ts`],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    logLevel: "warning",
  });
  const toml = await readFile(`${appDir}/wrangler.toml`, "utf8");
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (compatibilityDate === undefined) throw new Error("wrangler.toml has no compatibility_date");
  return { script: (result.outputFiles[0] as { text: string }).text, compatibilityDate };
}

/**
 * Runs the bundled Worker under Miniflare with the bindings wrangler.toml and `wrangler secret put` would give it.
 * Instances given the same `kvPersist` directory share the OAUTH_TOKENS namespace, like isolates share KV.
 */
export async function startLocalWorker(options: {
  bundle: { script: string; compatibilityDate: string };
  bindings: Record<string, string>;
  kvPersist: string;
}): Promise<LocalWorker> {
  let output = "";
  const mf = new Miniflare({
    modules: true,
    script: options.bundle.script,
    compatibilityDate: options.bundle.compatibilityDate,
    bindings: options.bindings,
    kvNamespaces: ["OAUTH_TOKENS"],
    kvPersist: options.kvPersist,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    },
  });
  await mf.ready;
  return {
    fetch: async (path = "/") => (await mf.dispatchFetch(`http://worker.local${path}`)) as unknown as Response,
    logs: () => output,
    dispose: () => mf.dispose(),
  };
}
