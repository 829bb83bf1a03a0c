import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { appDir } from "./apps.ts";

/** The example Worker running in workerd, and what its console printed. */
export interface LocalWorker {
  fetch(): Promise<Response>;
  logs(): string;
  dispose(): Promise<void>;
}

/** The example Worker's bundle, built as wrangler would, with wrangler.toml's compatibility date. */
export interface WorkerBundle {
  script: string;
  compatibilityDate: string;
}

/** Bundles apps/cloudflare-worker with esbuild (workerd export conditions). */
export async function bundleWorker(): Promise<WorkerBundle> {
  const dir = appDir("cloudflare-worker");
  const [result, toml] = await Promise.all([
    build({
      entryPoints: [`${dir}/src/worker.ts`],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      conditions: ["workerd", "worker", "browser"],
      logLevel: "warning",
    }),
    readFile(`${dir}/wrangler.toml`, "utf8"),
  ]);
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (compatibilityDate === undefined) throw new Error("apps/cloudflare-worker/wrangler.toml has no compatibility_date");
  return { script: (result.outputFiles[0] as { text: string }).text, compatibilityDate };
}

/**
 * Runs the Worker in workerd through Miniflare, with `bindings` as its vars and secrets and an OAUTH_TOKENS KV
 * namespace kept in `kvPersist`: Workers started with the same directory share it, as isolates share KV.
 */
export async function startWorker(bundle: WorkerBundle, bindings: Record<string, string>, kvPersist: string): Promise<LocalWorker> {
  let logs = "";
  const mf = new Miniflare({
    modules: true,
    script: bundle.script,
    compatibilityDate: bundle.compatibilityDate,
    bindings,
    kvNamespaces: ["OAUTH_TOKENS"],
    kvPersist,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (logs += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (logs += chunk.toString()));
    },
  });
  await mf.ready;
  return {
    fetch: async () => (await mf.dispatchFetch("http://worker.local/")) as unknown as Response,
    logs: () => logs,
    dispose: () => mf.dispose(),
  };
}

/** Waits, briefly, until workerd has flushed the log lines `ready` looks for: they arrive after the response. */
export async function settledLogs(worker: LocalWorker, ready: (logs: string) => boolean): Promise<string> {
  const deadline = Date.now() + 3000;
  while (!ready(worker.logs()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return worker.logs();
}
