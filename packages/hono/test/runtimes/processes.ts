// Starts an app module as a server on Node, Bun or Deno, with the real binaries from node_modules.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ListeningProcess, startListeningProcess } from "@occ/dev-server/listening-process";

export type ServerRuntime = "node" | "bun" | "deno";

/** An app served by a child process, and what it printed. */
export type RunningServer = ListeningProcess;

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
export function startServer(
  runtime: ServerRuntime,
  module: string,
  options: { env: Record<string, string>; cwd: string; deno?: DenoPermissions },
): Promise<RunningServer> {
  const [file, args] = command(runtime, module, options.deno ?? { env: true });
  return startListeningProcess(file, args, { cwd: options.cwd, env: options.env, listening: /^listening (http:\/\/\S+)$/m, name: runtime });
}
