/**
 * How much of the machine a fleet takes: CPU time of its processes from Linux's /proc, so the report can say how
 * many instances fit on the machine. Elsewhere (no /proc) every figure is 0.
 */
import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  try {
    ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** `/proc/<pid>/stat` after the command name, which may hold spaces: state, ppid, …, utime (14th), stime (15th). */
async function statOf(pid: number): Promise<string[] | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  return text?.slice(text.lastIndexOf(")") + 2).split(" ");
}

/** CPU seconds (user + system) each process has used so far; processes that are gone are left out. */
export async function cpuSeconds(pids: readonly number[]): Promise<Map<number, number>> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    const fields = await statOf(pid);
    if (fields !== undefined) used.set(pid, (Number(fields[11]) + Number(fields[12])) / clockTicks());
  }
  return used;
}

/** Cores used on average between two readings, over the processes present in both. */
export function coresUsed(before: Map<number, number>, after: Map<number, number>, seconds: number): number {
  let used = 0;
  for (const [pid, end] of after) used += end - (before.get(pid) ?? end);
  return used / seconds;
}

/** This process's children named `command` (e.g. the workerd that Miniflare started). */
export async function childrenNamed(command: string): Promise<number[]> {
  const pids = (await readdir("/proc").catch(() => [])).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const found: number[] = [];
  for (const pid of pids) {
    const comm = await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "");
    if (comm.trim() === command && Number((await statOf(pid))?.[1]) === process.pid) found.push(pid);
  }
  return found;
}
