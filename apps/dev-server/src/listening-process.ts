/** A server in a child process, started with a bare environment and ready once it prints the URL it listens on. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

/** A server running in a child process, and what it printed. */
export interface ListeningProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** How to start it, and how to tell it is listening. */
export interface ListeningProcessOptions {
  /** Working directory. */
  cwd: string;
  /** Its whole environment besides PATH and HOME: the developer's own OAUTH_* variables stay out. */
  env: Record<string, string>;
  /** Matches the line announcing the server; its first group is the URL. */
  listening: RegExp;
  /** Names the process in the error when it exits before listening. */
  name: string;
}

/** Starts `command args` and resolves once it prints its URL; rejects with its output when it exits first. */
export async function startListeningProcess(command: string, args: string[], options: ListeningProcessOptions): Promise<ListeningProcess> {
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", ...options.env },
  });
  let output = "";
  const exited = once(child, "exit");
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = options.listening.exec(output);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    void exited.then(() => reject(new Error(`${options.name} exited before listening:\n${output}`)));
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
