/**
 * The orchestrator's side of a fleet instance in a process of its own (node-member.ts, deno-member.ts): spawn it,
 * wait until it is ready, start it, stop it for its stats, or kill it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { ControlMessage, MemberMessage, MemberStats } from "./fleet-member.ts";

/** How to start one instance. */
export interface MemberCommand {
  command: string;
  args: string[];
  cwd?: string;
}

export interface Member {
  readonly index: number;
  readonly pid: number;
  go(): void;
  /** Calls begun from `at` (epoch ms) on are timed. */
  measure(at: number): void;
  /** Its stats; undefined when it was killed or exited without them. */
  stop(): Promise<MemberStats | undefined>;
  /** SIGKILL: no cleanup, no release of anything it holds. */
  kill(): void;
}

/** A started instance: `ready` resolves once it says so; `kill` ends it at any time. */
export interface Spawned {
  ready: Promise<Member>;
  kill(): void;
}

/** Spawns one instance; every message but `ready` and `stats` goes to `onMessage`. */
export function spawnMember(command: MemberCommand, index: number, onMessage: (index: number, message: MemberMessage) => void): Spawned {
  const child = spawn(command.command, command.args, { stdio: ["pipe", "pipe", "inherit"], cwd: command.cwd });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let stats: MemberStats | undefined;
  const ready = new Promise<Member>((resolve, reject) => {
    child.once("error", reject);
    void exited.then(() => reject(new Error(`fleet instance ${index} (${command.command}) exited before it was ready`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const message = JSON.parse(line) as MemberMessage;
      if (message.type === "ready") resolve(member(child, index, exited, () => stats));
      else if (message.type === "stats") stats = message.stats;
      else onMessage(index, message);
    });
  });
  return { ready, kill: () => void child.kill("SIGKILL") };
}

function member(child: ChildProcess, index: number, exited: Promise<void>, stats: () => MemberStats | undefined): Member {
  const control = (message: ControlMessage) => {
    if (child.exitCode === null && child.signalCode === null) child.stdin!.write(`${JSON.stringify(message)}\n`);
  };
  return {
    index,
    pid: child.pid!,
    go: () => control({ type: "go" }),
    measure: (at) => control({ type: "measure", from: at }),
    async stop() {
      control({ type: "stop" });
      await exited;
      return stats();
    },
    kill: () => void child.kill("SIGKILL"),
  };
}
