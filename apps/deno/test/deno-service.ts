import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = fileURLToPath(new URL("..", import.meta.url));
// The binary the `deno` npm package installs beside its launcher, spawned directly: the launcher (bin.cjs) runs it
// with spawnSync, so stopping the launcher would leave Deno running.
const denoBinary = join(dirname(createRequire(import.meta.url).resolve("deno/bin.cjs")), process.platform === "win32" ? "deno.exe" : "deno");

/** The service running in a real `deno` process, and what it printed. */
export interface DenoService {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `src/main.ts` exactly as `pnpm start` does, on a free port, with `env` as its whole environment. */
export async function startDenoService(env: Record<string, string>): Promise<DenoService> {
  const child: ChildProcess = spawn(
    denoBinary,
    ["run", "--allow-net", "--allow-env=OAUTH_*,API_URL,PORT,KV_PATH", "--allow-read", "--allow-write", "src/main.ts"],
    { cwd: appDir, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", PORT: "0", ...env } },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit");

  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const match = /Listening on (http:\/\/\S+?)\/?$/m.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on("data", check);
    void exited.then(() => reject(new Error(`deno exited before listening:\n${output}`)));
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
