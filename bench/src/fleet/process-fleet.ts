/**
 * Runs a fleet of instances as processes of their own (Node on Redis, Deno on one KV file): spawns them all, waits
 * until every one is ready, starts them at one instant, injects the configuration's faults, and stops them for
 * their stats at the end of the window.
 */
import { coresUsed, cpuSeconds } from "./cpu.ts";
import type { MemberMessage, MemberStats } from "./fleet-member.ts";
import type { Failure } from "./figures.ts";
import type { FaultReport } from "./fleet-results.ts";
import { type Member, type MemberCommand, spawnMember } from "./members.ts";
import { type Variant, WARM_UP_MS } from "./settings.ts";

/** A lease event an instance reported. */
export interface LeaseReport {
  index: number;
  variant: Variant;
  outcome: string;
  at: number;
}

/** A fleet between `go` and `stop`, as the faults see it. */
export interface RunningFleet {
  members: Member[];
  measureFrom: number;
  until: number;
  /** Resolves with the first lease event after now that `matches`. */
  nextLease(matches: (event: LeaseReport) => boolean): Promise<LeaseReport>;
  /** Marks an instance as killed: it has no stats to give. */
  killed(index: number): void;
}

/** What a run of a fleet yields, whatever ran it. */
export interface FleetRun {
  stats: (MemberStats | undefined)[];
  failures: Failure[];
  measureFrom: number;
  until: number;
  faults: FaultReport[];
  killed: number;
  /** Cores the fleet's processes used on average during the window. */
  cpuCores: number;
}

/** A fleet whose every instance has no token this long after `go` is broken, not slow. */
const COLD_START_LIMIT_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function within(promise: Promise<void>, ms: number, failure: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(failure)), ms)));
  try {
    await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function runProcessFleet(
  instances: number,
  lifetimeMs: number,
  command: (index: number) => MemberCommand,
  faults: (fleet: RunningFleet) => Promise<FaultReport[]>,
): Promise<FleetRun> {
  const failures: Failure[] = [];
  let warm = 0;
  let allWarm = () => {};
  const warmed = new Promise<void>((resolve) => (allWarm = resolve));
  const waiters = new Set<{ matches: (event: LeaseReport) => boolean; resolve: (event: LeaseReport) => void }>();
  const onMessage = (index: number, message: MemberMessage) => {
    if (message.type === "warm" && ++warm === instances) allWarm();
    if (message.type === "failure") failures.push({ variant: message.variant, at: message.at, code: message.code });
    if (message.type !== "lease") return;
    const event = { index, variant: message.variant, outcome: message.outcome, at: message.at };
    for (const waiter of waiters) if (waiter.matches(event)) (waiters.delete(waiter), waiter.resolve(event));
  };
  const spawned = Array.from({ length: instances }, (_, i) => spawnMember(command(i), i, onMessage));
  try {
    const members = await Promise.all(spawned.map((s) => s.ready));
    const go = Date.now();
    for (const member of members) member.go();
    await within(warmed, COLD_START_LIMIT_MS, `the fleet had no token ${COLD_START_LIMIT_MS} ms after it started`);
    const measureFrom = Math.max(go + WARM_UP_MS, Date.now() + 1_000);
    const until = measureFrom + lifetimeMs;
    for (const member of members) member.measure(measureFrom);
    const dead = new Set<number>();
    const fleet: RunningFleet = {
      members,
      measureFrom,
      until,
      nextLease: (matches) => new Promise((resolve) => waiters.add({ matches, resolve })),
      killed: (index) => void dead.add(index),
    };
    const pids = members.map((m) => m.pid);
    const cpuAtStart = sleep(measureFrom - Date.now()).then(() => cpuSeconds(pids));
    const reports = await faults(fleet);
    await sleep(until - Date.now());
    const cpuCores = coresUsed(await cpuAtStart, await cpuSeconds(pids), lifetimeMs / 1000);
    const stats = await Promise.all(members.map((m) => (dead.has(m.index) ? undefined : m.stop())));
    return { stats, failures, measureFrom, until, faults: reports, killed: dead.size, cpuCores };
  } catch (error) {
    // No instance may outlive a failed run.
    for (const s of spawned) s.kill();
    throw error;
  }
}
