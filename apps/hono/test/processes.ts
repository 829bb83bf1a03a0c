import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";

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
  const [bundle, toml] = await Promise.all([
    build({
      entryPoints: [`${appDir}/src/app.ts`],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      target: "es2022",
      mainFields: ["module", "main"],
      conditions: ["workerd", "worker", "browser"],
      logLevel: "warning",
    }),
    readFile(`${appDir}/wrangler.toml`, "utf8"),
  ]);
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  if (compatibilityDate === undefined) throw new Error("wrangler.toml has no compatibility_date");
  let output = "";
  const mf = new Miniflare({
    modules: true,
    script: (bundle.outputFiles[0] as { text: string }).text,
    compatibilityDate,
    bindings,
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    },
  });
  const url = (await mf.ready).toString();
  return {
    url,
    fetch: async (path = "/") => (await mf.dispatchFetch(new URL(path, url))) as unknown as Response,
    output: () => output,
    stop: () => mf.dispose(),
  };
}
