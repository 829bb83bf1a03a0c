import { appDir } from "../apps.ts";
import type { DemoContext } from "../context.ts";
import { eventsOf } from "../events.ts";
import { runToEnd } from "../processes.ts";

const CALLS = 5;

/** apps/node: one process, one client, several API calls: one token request. */
export async function nodeJob({ auth, report, config }: DemoContext): Promise<void> {
  report.section("Node.js job", `apps/node · @occ/node · Node ${process.version}`);
  const before = auth.tokenRequests();
  const run = await runToEnd(process.execPath, ["src/main.ts", "--loop", String(CALLS), "--interval", "0.05"], {
    cwd: appDir("node"),
    env: config(),
  });
  const tokenRequests = auth.tokenRequests() - before;
  const [fetched, ...refetched] = eventsOf(run.stderr, "token_fetched");
  const fromMemory = eventsOf(run.stderr, "token_cached", { source: "memory" });
  const answered = run.stdout.match(/ -> 200 /g)?.length ?? 0;

  report.check(
    run.code === 0 && tokenRequests === 1 && fetched !== undefined && refetched.length === 0,
    `token fetched once: ${tokenRequests} request to the token endpoint (${fetched?.fields.durationMs ?? "?"} ms, attempts=${fetched?.fields.attempts ?? "?"})`,
  );
  report.check(fromMemory.length === CALLS - 1, `served from cache ${fromMemory.length} times (token_cached source=memory)`);
  report.check(answered === CALLS, `protected API answered 200 to ${answered} of ${CALLS} calls`);
  if (run.code !== 0) report.note(run.stderr.trim().split("\n").at(-1) ?? "");
}
