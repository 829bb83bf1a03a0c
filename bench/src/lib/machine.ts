import { readFile } from "node:fs/promises";
import { cpus, loadavg, release, totalmem } from "node:os";
import type { Machine } from "./results.ts";

/** Where and when a run happened; `started` is the run's `performance.now()` at its start. */
export async function machine(started: number, loadBefore: number): Promise<Machine> {
  const cpuinfo = await readFile("/proc/cpuinfo", "utf8").catch(() => "");
  const osRelease = await readFile("/etc/os-release", "utf8").catch(() => "");
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: totalmem() / 2 ** 30,
    os: `${/^PRETTY_NAME="?([^"\n]+)/m.exec(osRelease)?.[1] ?? process.platform}, Linux ${release()}`,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
    durationSeconds: (performance.now() - started) / 1000,
  };
}
