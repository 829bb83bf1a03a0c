import { startFaultServer, type FaultServer } from "@occ/dev-server";
import type { OccEvent } from "../src/index.ts";

let counter = 0;
/** A fresh id per use, so each test has its own counters on the shared fault server. */
export const uniqueId = (label: string) => `${label}-${process.pid}-${++counter}`;

/** A clock the test moves by hand. */
export function manualClock(start = 1_800_000_000_000) {
  let time = start;
  return {
    now: () => time,
    advance(ms: number) {
      time += ms;
    },
  };
}

export function eventLog() {
  const events: OccEvent[] = [];
  const log = {
    events,
    /** Called on the first `retry` event, so a test can wait for it instead of polling. */
    onRetry: () => {},
    onEvent: (event: OccEvent) => {
      events.push(event);
      if (event.type === "retry") log.onRetry();
    },
    of: (type: OccEvent["type"]) => events.filter((e) => e.type === type),
  };
  return log;
}

export async function countOf(fault: FaultServer, scenario: string, id: string): Promise<number> {
  return fault.count(scenario, id);
}

export async function lastRequest(fault: FaultServer, scenario: string, id: string) {
  const response = await fetch(`${fault.url}/__last/${scenario}/${id}`);
  return (await response.json()) as { method: string; headers: Record<string, string>; body: string };
}

export { startFaultServer };
