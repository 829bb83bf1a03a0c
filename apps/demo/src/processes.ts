import { spawn } from "node:child_process";
import { once } from "node:events";

/** What a finished process printed, and its exit code. */
export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** A long-running process that printed `Listening on <url>`. */
export interface Service {
  url: string;
  /** stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

interface SpawnOptions {
  cwd: string;
  /** The child's environment, on top of PATH and HOME only: the user's own OAUTH_* variables stay out. */
  env: Record<string, string>;
}

function childEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...env };
}

/** Runs a command to its end. */
export async function runToEnd(command: string, args: string[], options: SpawnOptions): Promise<Finished> {
  const child = spawn(command, args, { cwd: options.cwd, env: childEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  return { code: code ?? 1, stdout, stderr };
}

/** Starts a server and resolves once it prints `Listening on <url>`. */
export async function startService(command: string, args: string[], options: SpawnOptions): Promise<Service> {
  const child = spawn(command, args, { cwd: options.cwd, env: childEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = once(child, "exit");
  const url = await new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (http:\/\/\S+?)\/?$/m.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    void exited.then(() => reject(new Error(`${command} ${args.join(" ")} exited before listening:\n${output}`)));
  });
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
