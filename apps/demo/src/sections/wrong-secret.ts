import { join } from "node:path";
import { appDir } from "../apps.ts";
import type { DemoContext } from "../context.ts";
import { runToEnd } from "../processes.ts";
import { settledLogs, startWorker, type WorkerBundle } from "../workerd.ts";

/** A wrong secret gives a clear error that never contains the secret, whichever runtime. */
export async function wrongSecret({ auth, report, config, tmp }: DemoContext, bundle: WorkerBundle): Promise<void> {
  report.section("Wrong secret", "apps/node and apps/cloudflare-worker with OAUTH_CLIENT_SECRET set wrong");
  const secret = `wrong-${auth.clients.basic.clientSecret}`;
  const leaks = (text: string) =>
    [secret, encodeURIComponent(secret), auth.clients.basic.clientSecret as string].some((value) => text.includes(value));

  const run = await runToEnd(process.execPath, ["src/main.ts"], { cwd: appDir("node"), env: config({ OAUTH_CLIENT_SECRET: secret }) });
  const errorLine = run.stderr.split("\n").find((line) => line.startsWith("error:")) ?? "(no error line)";
  report.check(
    run.code === 1 && errorLine.includes("OAuthError invalid_client (HTTP 401)"),
    `Node job exits with code ${run.code}:`,
  );
  report.note(errorLine);

  // A KV namespace of its own: the store key leaves the secret out, so a token stored earlier would be served.
  const worker = await startWorker(bundle, config({ OAUTH_CLIENT_SECRET: secret }), join(tmp, "wrong-secret-kv"));
  try {
    const response = await worker.fetch();
    const body = await response.text();
    // The caller gets a generic 502; the Worker's log says why.
    const logLine = (text: string) => text.split("\n").find((line) => line.includes("OCC_OAUTH_ERROR invalid_client"));
    const logs = await settledLogs(worker, (text) => logLine(text) !== undefined);
    report.check(response.status === 502 && logLine(logs) !== undefined, `Worker answers ${response.status} ${body} and logs:`);
    report.note(logLine(logs)?.trim() ?? "(no log line)");
    report.check(!leaks(run.stdout + run.stderr + body + logs), "the secret appears nowhere: not in the errors, the logs or the response");
  } finally {
    await worker.dispose();
  }
}
