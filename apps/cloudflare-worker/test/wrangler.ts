// Runs the example the way its users do: the real `wrangler dev` CLI on the app's wrangler.toml, with the secret and
// the servers' addresses in a .dev.vars-style file (`--env-file`), KV persisted where the test says.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const APP = fileURLToPath(new URL("..", import.meta.url));
const WRANGLER = join(APP, "node_modules", "wrangler", "bin", "wrangler.js");

/** wrangler 4 needs Node 22 or newer: this Node when it is, else the Node 24 the repository pins. */
export const NODE = Number(process.versions.node.split(".")[0]) >= 22 ? process.execPath : fileURLToPath(new URL("../../../node_modules/.bin/node", import.meta.url));

/** The environment wrangler runs in: no telemetry prompt, no colours, no interactive session. */
const ENV = { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "true" };

/** A free loopback port (wrangler wants one for the Worker and one for its inspector). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/** A value as .dev.vars (dotenv) reads it: double-quoted, with quotes and backslashes escaped. */
const dotenvValue = (value: string) => `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;

/** A running `wrangler dev`. */
export interface WranglerDev {
  url: string;
  fetch(path?: string): Promise<Response>;
  /** What wrangler and the Worker printed so far (the Worker's console goes to wrangler's terminal). */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * `wrangler dev` with `vars` written to `dir/.dev.vars` (overriding wrangler.toml's [vars], as a developer's
 * .dev.vars does) and local KV kept in `persistTo`, so a second `wrangler dev` on it is a new isolate with the same KV.
 */
export async function wranglerDev(dir: string, persistTo: string, vars: Record<string, string>): Promise<WranglerDev> {
  const envFile = join(dir, ".dev.vars");
  await writeFile(envFile, Object.entries(vars).map(([name, value]) => `${name}=${dotenvValue(value)}\n`).join(""));
  const [port, inspector] = [await freePort(), await freePort()];
  const args = [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspector)];
  args.push("--persist-to", persistTo, "--env-file", envFile, "--show-interactive-dev-session=false", "--log-level", "log");
  const child = spawn(NODE, args, { cwd: APP, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
  let logs = "";
  child.stdout!.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  await ready(child, () => logs, `http://127.0.0.1:${port}`);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    fetch: (path = "/") => fetch(new URL(path, url)),
    logs: () => stripVTControlCharacters(logs),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

/** Resolves once wrangler says it is ready; rejects with its output if it exits first. */
function ready(child: ChildProcess, logs: () => string, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (logs().includes(`Ready on ${url}`)) {
        child.stdout!.off("data", check);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => reject(new Error(`wrangler dev exited (${code}) before it was ready:\n${logs()}`)));
  });
}

/** `wrangler deploy --dry-run --outdir`: bundles the Worker as a deployment would, without deploying. */
export async function dryRunDeploy(outdir: string): Promise<string> {
  const child = spawn(NODE, [WRANGLER, "deploy", "--dry-run", "--outdir", outdir], { cwd: APP, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (${code}):\n${output}`);
  return output;
}
