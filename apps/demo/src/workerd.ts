import { bundleWorker, type LocalWorker, startLocalWorker, type WorkerBundle } from "@occ/dev-server/local-worker";
import { appDir } from "./apps.ts";

export type { WorkerBundle };

/** The example Worker (apps/cloudflare-worker), bundled as wrangler would, with its wrangler.toml's compatibility date. */
export function bundleExampleWorker(): Promise<WorkerBundle> {
  const dir = appDir("cloudflare-worker");
  return bundleWorker(`${dir}/src/worker.ts`, `${dir}/wrangler.toml`);
}

/**
 * Runs the example Worker in workerd with `bindings` as its vars and secrets and an OAUTH_TOKENS KV namespace kept in
 * `kvPersist`: Workers started with the same directory share it, as isolates share KV.
 */
export function startWorker(bundle: WorkerBundle, bindings: Record<string, string>, kvPersist: string): Promise<LocalWorker> {
  return startLocalWorker(bundle, { bindings, kvNamespaces: ["OAUTH_TOKENS"], kvPersist });
}

/** Waits, briefly, until workerd has flushed the log lines `ready` looks for: they arrive after the response. */
export async function settledLogs(worker: LocalWorker, ready: (logs: string) => boolean): Promise<string> {
  const deadline = Date.now() + 3000;
  while (!ready(worker.logs()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return worker.logs();
}
