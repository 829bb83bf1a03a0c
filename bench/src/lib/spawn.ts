import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const SERVERS = fileURLToPath(new URL("../servers.ts", import.meta.url));
const CHILD = fileURLToPath(new URL("../child.ts", import.meta.url));

/** The benchmark servers' child process (see servers.ts). */
export interface Servers {
  url: string;
  close(): void;
}

async function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    if (line.trim() !== "") return line;
  }
  throw new Error("child process exited without output");
}

/** Starts servers.ts in its own Node process and waits until it listens. */
export async function startServers(): Promise<Servers> {
  const child = spawn(process.execPath, [SERVERS], { stdio: ["pipe", "pipe", "inherit"] });
  const { url } = JSON.parse(await firstLine(child)) as { url: string };
  return { url, close: () => child.stdin?.end() };
}

/**
 * Runs one scenario in a fresh Node process (fresh JIT, heap and connection pool; a patched `Date.now`
 * stays inside it) and returns the JSON line it prints.
 */
export async function runChild<T>(scenario: string, args: string[], env: Record<string, string>): Promise<T> {
  const child = spawn(process.execPath, ["--expose-gc", CHILD, scenario, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const line = await firstLine(child).catch(() => undefined);
  const code = await exited;
  if (line === undefined || code !== 0) throw new Error(`${scenario} ${args.join(" ")} failed (exit ${code})`);
  return JSON.parse(line) as T;
}
