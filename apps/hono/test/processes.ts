import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { bundleWorker, startLocalWorker } from "@occ/dev-server/local-worker";

const appDir = fileURLToPath(new URL("..", import.meta.url));

/** The app running somewhere, and what it logged. */
export interface RunningApp {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `node src/server.ts`, as `pnpm start` runs it, on a free port with `env` as its whole environment. */
export async function startNodeServer(env: Record<string, string>): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, ["src/server.ts"], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? "", PORT: "0", ...env },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit");
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", () => {
      const match = /Listening on (http:\/\/\S+?)\/?$/m.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`server exited before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** `src/app.ts` as the Worker wrangler.toml describes, bundled by esbuild and run in workerd by Miniflare. */
export async function startWorker(bindings: Record<string, string>): Promise<RunningApp & { fetch(path?: string): Promise<Response> }> {
  const worker = await startLocalWorker(await bundleWorker(`${appDir}/src/app.ts`, `${appDir}/wrangler.toml`), { bindings });
  return { url: worker.url, fetch: worker.fetch, output: worker.logs, stop: worker.dispose };
}
