import { appDir } from "../apps.ts";
import type { DemoContext } from "../context.ts";
import { eventsOf } from "../events.ts";
import { startService } from "../processes.ts";

const REQUESTS = 3;

/** apps/hono on Node: the middleware's client is shared by every request. */
export async function honoApp({ auth, report, config }: DemoContext): Promise<void> {
  report.section("Hono app", `apps/hono · @occ/hono · @hono/node-server on Node ${process.version}`);
  const before = auth.tokenRequests();
  const server = await startService(process.execPath, ["src/server.ts"], { cwd: appDir("hono"), env: { ...config(), PORT: "0" } });
  let answered = 0;
  try {
    for (let request = 0; request < REQUESTS; request++) {
      const response = await fetch(server.url);
      if (response.status === 200) answered++;
      await response.body?.cancel();
    }
  } finally {
    await server.stop();
  }
  const tokenRequests = auth.tokenRequests() - before;
  const fromMemory = eventsOf(server.output(), "token_cached", { source: "memory" }).length;
  report.check(
    tokenRequests === 1 && fromMemory === REQUESTS - 1,
    `token fetched once, served from memory ${fromMemory} times: ${tokenRequests} request to the token endpoint`,
  );
  report.check(answered === REQUESTS, `protected API answered 200 to ${answered} of ${REQUESTS} requests`);
}
