/**
 * `@occ/dev-server/local-worker`: a Worker bundled as wrangler would and run in workerd through Miniflare, for the
 * example apps' smoke tests and the demo. A subpath of its own, so that tests which only need the servers never
 * load Miniflare.
 */
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

/** A Worker's code and the compatibility date its wrangler.toml asks for. */
export interface WorkerBundle {
  script: string;
  compatibilityDate: string;
}

/** A Worker running in workerd. */
export interface LocalWorker {
  url: string;
  fetch(path?: string): Promise<Response>;
  /** What the Worker's console wrote so far (workerd's stdout and stderr). */
  logs(): string;
  dispose(): Promise<void>;
}

/** Bundles `entry` with esbuild under the workerd export conditions and reads `compatibility_date` from `wranglerToml`. */
export async function bundleWorker(entry: string, wranglerToml: string): Promise<WorkerBundle> {
  const [result, toml] = await Promise.all([
    build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      conditions: ["workerd", "worker", "browser"],
      logLevel: "warning",
    }),
    readFile(wranglerToml, "utf8"),
  ]);
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (compatibilityDate === undefined) throw new Error(`${wranglerToml} has no compatibility_date`);
  return { script: result.outputFiles[0]!.text, compatibilityDate };
}

/**
 * Runs a bundle with `bindings` as its vars and secrets. Workers started with the same `kvPersist` directory share
 * their KV namespaces, as isolates of one Worker share KV.
 */
export async function startLocalWorker(
  bundle: WorkerBundle,
  options: { bindings: Record<string, string>; kvNamespaces?: string[]; kvPersist?: string },
): Promise<LocalWorker> {
  let logs = "";
  const mf = new Miniflare({
    modules: true,
    script: bundle.script,
    compatibilityDate: bundle.compatibilityDate,
    bindings: options.bindings,
    ...(options.kvNamespaces ? { kvNamespaces: options.kvNamespaces } : {}),
    ...(options.kvPersist ? { kvPersist: options.kvPersist } : {}),
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (logs += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (logs += chunk.toString()));
    },
  });
  const url = (await mf.ready).toString();
  return {
    url,
    fetch: async (path = "/") => (await mf.dispatchFetch(new URL(path, url))) as unknown as Response,
    logs: () => logs,
    dispose: () => mf.dispose(),
  };
}
