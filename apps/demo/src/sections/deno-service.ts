import { createRequire } from "node:module";
import { join } from "node:path";
import { appDir, denoBinary } from "../apps.ts";
import type { DemoContext } from "../context.ts";
import { eventsOf } from "../events.ts";
import { startService } from "../processes.ts";

const REQUESTS = 5;
const denoVersion: string = createRequire(import.meta.url)("deno/package.json").version;

/** apps/deno: a Deno.serve service; its tokens outlive a restart in Deno KV. */
export async function denoService({ auth, report, config, tmp }: DemoContext): Promise<void> {
  report.section("Deno service", `apps/deno · @occ/deno + Deno KV · Deno ${denoVersion}`);
  const env = { ...config(), KV_PATH: join(tmp, "deno-kv.sqlite"), PORT: "0" };
  const start = () =>
    startService(
      denoBinary,
      ["run", "--allow-net", "--allow-env=OAUTH_*,API_URL,PORT,KV_PATH", "--allow-read", "--allow-write", "src/main.ts"],
      { cwd: appDir("deno"), env },
    );

  const before = auth.tokenRequests();
  const service = await start();
  let answered = 0;
  try {
    for (let request = 0; request < REQUESTS; request++) {
      const response = await fetch(service.url);
      if (response.status === 200) answered++;
      await response.body?.cancel();
    }
  } finally {
    await service.stop();
  }
  const tokenRequests = auth.tokenRequests() - before;
  report.check(tokenRequests === 1, `token fetched once for ${REQUESTS} requests: ${tokenRequests} request to the token endpoint`);
  const fromMemory = eventsOf(service.output(), "token_cached", { source: "memory" }).length;
  report.check(fromMemory === REQUESTS - 1, `served from memory ${fromMemory} times`);
  report.check(answered === REQUESTS, `protected API answered 200 to ${answered} of ${REQUESTS} requests`);

  const afterFirst = auth.tokenRequests();
  const restarted = await start();
  try {
    const response = await fetch(restarted.url);
    await response.body?.cancel();
    const fromKv = eventsOf(restarted.output(), "token_cached", { source: "store" }).length === 1;
    report.check(
      response.status === 200 && fromKv && auth.tokenRequests() === afterFirst,
      `after a restart the token came from Deno KV: ${auth.tokenRequests() - afterFirst} token requests`,
    );
  } finally {
    await restarted.stop();
  }
}
