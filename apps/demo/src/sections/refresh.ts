import { type AuthServer, exampleEnv, type ProtectedApi } from "@occ/dev-server";
import { appDir } from "../apps.ts";
import type { DemoContext } from "../context.ts";
import { eventLines, eventsOf } from "../events.ts";
import { runToEnd } from "../processes.ts";

/** Seconds a token lives on the short-lived server, and how long before expiry occ refreshes it. */
export const SHORT_TOKEN_TTL = 4;
const REFRESH_SKEW = 2;
const CALLS = 5;

/**
 * apps/node against tokens that live 4 s, refreshed 2 s before expiry: every call is answered from memory at once
 * while the next token is fetched in the background (`token_fetched background=true`).
 */
export async function backgroundRefresh({ report }: DemoContext, short: { auth: AuthServer; api: ProtectedApi }): Promise<void> {
  report.section(
    "Background refresh before expiry",
    `apps/node · tokens live ${SHORT_TOKEN_TTL} s · --refresh-skew ${REFRESH_SKEW} · one call per second`,
  );
  const before = short.auth.tokenRequests();
  const run = await runToEnd(
    process.execPath,
    ["src/main.ts", "--loop", String(CALLS), "--interval", "1", "--refresh-skew", String(REFRESH_SKEW)],
    { cwd: appDir("node"), env: exampleEnv(short.auth, short.api) },
  );
  for (const event of eventLines(run.stderr)) report.note(event.line);

  const foreground = eventsOf(run.stderr, "token_fetched", { background: "false" }).length;
  const background = eventsOf(run.stderr, "token_fetched", { background: "true" }).length;
  const answered = run.stdout.match(/ -> 200 /g)?.length ?? 0;
  const tokenRequests = short.auth.tokenRequests() - before;
  // On a badly stalled machine a token can expire between two calls, and the next caller then waits for a new
  // one: still correct, so it is reported rather than failed.
  const waited = foreground === 1 ? "only the first call waited for a token" : `${foreground} calls waited for a token`;
  report.check(
    background >= 1 && tokenRequests === foreground + background,
    `refreshed ${background} time(s) in the background before expiry; ${waited}`,
  );
  report.check(run.code === 0 && answered === CALLS, `protected API answered 200 to ${answered} of ${CALLS} calls`);
}
