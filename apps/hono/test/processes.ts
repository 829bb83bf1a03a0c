import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startListeningProcess } from "@occ/dev-server/listening-process";
import { bundleWorker, startLocalWorker } from "@occ/dev-server/local-worker";

const appDir = fileURLToPath(new URL("..", import.meta.url));
const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/** The app running somewhere, and what it logged. */
export interface RunningApp {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** The runtimes that serve the app from a process, and the command each runs (the package.json start scripts). */
export type ServerRuntime = "node" | "bun" | "deno";
const COMMANDS: Record<ServerRuntime, () => [string, string[]]> = {
  node: () => [process.execPath, [join(appDir, "src/server.ts")]],
  bun: () => [join(packageDir("bun"), "bin", "bun.exe"), [join(appDir, "src/bun.ts")]],
  deno: () => [
    join(packageDir("deno"), "deno"),
    ["run", "--config", join(appDir, "deno.json"), "--no-prompt", "--allow-net=127.0.0.1", "--allow-env", "--allow-read", join(appDir, "src/deno.ts")],
  ],
};

/**
 * Serves the app on `runtime`, on a free port, with `env` as its whole environment. It runs in a scratch folder:
 * Deno may rewrite a pnpm-workspace.yaml it finds above its working directory.
 */
export async function startServer(runtime: ServerRuntime, env: Record<string, string>): Promise<RunningApp> {
  const [command, args] = COMMANDS[runtime]();
  const cwd = await mkdtemp(join(tmpdir(), `occ-example-hono-${runtime}-`));
  const server = await startListeningProcess(command, args, { cwd, env: { PORT: "0", ...env }, listening: /Listening on (http:\/\/\S+?)\/?$/m, name: runtime });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await rm(cwd, { recursive: true, force: true });
    },
  };
}

/** `src/app.ts` as the Worker wrangler.toml describes, bundled by esbuild and run in workerd by Miniflare. */
export async function startWorker(bindings: Record<string, string>): Promise<RunningApp & { fetch(path?: string): Promise<Response> }> {
  const worker = await startLocalWorker(await bundleWorker(`${appDir}/src/app.ts`, `${appDir}/wrangler.toml`), { bindings });
  return { url: worker.url, fetch: worker.fetch, output: worker.logs, stop: worker.dispose };
}
