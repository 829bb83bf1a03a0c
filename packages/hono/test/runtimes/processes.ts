// Starts an app module as a server on Node, Bun or Deno, with the real binaries from node_modules.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type ServerRuntime = "node" | "bun" | "deno";

/** An app served by a child process, and what it printed. */
export interface RunningServer {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = (name: string) => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/** Deno's permissions for a server; `env: false` runs it without `--allow-env`. */
export interface DenoPermissions {
  env: boolean;
}

function command(runtime: ServerRuntime, module: string, deno: DenoPermissions): [string, string[]] {
  switch (runtime) {
    case "node":
      return [process.execPath, [join(here, "serve-node.ts"), module]];
    case "bun":
      return [join(packageDir("bun"), "bin", "bun.exe"), [join(here, "serve-bun.ts"), module]];
    case "deno": {
      const permissions = ["--no-prompt", "--allow-net=127.0.0.1", "--allow-read", ...(deno.env ? ["--allow-env"] : [])];
      return [join(packageDir("deno"), "deno"), ["run", "--config", join(here, "deno.json"), ...permissions, join(here, "serve-deno.ts"), module]];
    }
  }
}

/**
 * Serves `module`'s default export on `runtime` with `env` as the whole environment (a developer's own OAUTH_*
 * variables stay out). `cwd` is outside the repository: Deno may rewrite a pnpm-workspace.yaml it finds above it.
 */
export async function startServer(
  runtime: ServerRuntime,
  module: string,
  options: { env: Record<string, string>; cwd: string; deno?: DenoPermissions },
): Promise<RunningServer> {
  const [file, args] = command(runtime, module, options.deno ?? { env: true });
  const child: ChildProcess = spawn(file, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...options.env },
  });
  let output = "";
  const exited = once(child, "exit");
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^listening (http:\/\/\S+)$/m.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    void exited.then(() => reject(new Error(`${runtime} exited before listening:\n${output}`)));
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
