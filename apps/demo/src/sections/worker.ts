import { join } from "node:path";
import type { DemoContext } from "../context.ts";
import { eventsOf } from "../events.ts";
import { settledLogs, startWorker, type WorkerBundle } from "../workerd.ts";

const REQUESTS = 5;

/** apps/cloudflare-worker in workerd: one token per isolate, and a new isolate finds it in KV. */
export async function cloudflareWorker({ auth, report, config, tmp }: DemoContext, bundle: WorkerBundle): Promise<void> {
  report.section("Cloudflare Worker", `apps/cloudflare-worker · @occ/cloudflare · workerd via Miniflare`);
  const kv = join(tmp, "worker-kv");
  const before = auth.tokenRequests();
  const first = await startWorker(bundle, config(), kv);
  let answered = 0;
  try {
    for (let request = 0; request < REQUESTS; request++) {
      const response = await first.fetch();
      if (response.status === 200) answered++;
      await response.body?.cancel();
    }
    const logs = await settledLogs(first, (text) => eventsOf(text, "token_cached").length >= REQUESTS - 1);
    const tokenRequests = auth.tokenRequests() - before;
    report.check(tokenRequests === 1, `token fetched once for ${REQUESTS} requests: ${tokenRequests} request to the token endpoint`);
    const fromMemory = eventsOf(logs, "token_cached", { source: "memory" }).length;
    report.check(fromMemory === REQUESTS - 1, `served from the isolate's memory ${fromMemory} times`);
    report.check(answered === REQUESTS, `protected API answered 200 to ${answered} of ${REQUESTS} requests`);
  } finally {
    await first.dispose();
  }

  const afterFirst = auth.tokenRequests();
  const second = await startWorker(bundle, config(), kv);
  try {
    const response = await second.fetch();
    await response.body?.cancel();
    const logs = await settledLogs(second, (text) => eventsOf(text, "token_cached").length > 0);
    const fromKv = eventsOf(logs, "token_cached", { source: "store" }).length === 1;
    report.check(
      response.status === 200 && fromKv && auth.tokenRequests() === afterFirst,
      `a new isolate took the token from the OAUTH_TOKENS KV namespace: ${auth.tokenRequests() - afterFirst} token requests`,
    );
  } finally {
    await second.dispose();
  }
}
