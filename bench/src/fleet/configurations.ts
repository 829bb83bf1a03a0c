/**
 * Which fleets `pnpm bench:fleet` runs. Every configuration measures 10 token lifetimes (100 s) after a 3 s cold
 * start, with the three variants side by side in the same instances; the fault runs measure the lease alone.
 * The whole list takes about 20 minutes; `--quick` runs a 4-minute subset that exercises every code path.
 */
import type { Runtime } from "./fleet-results.ts";
import { type Variant, VARIANTS } from "./settings.ts";

export interface Configuration {
  /** Also names the bench server namespaces and the Deno KV file. */
  name: string;
  runtime: Runtime;
  instances: number;
  /** Token lifetimes (10 s each) in the measured window. */
  lifetimes: number;
  variants: Variant[];
  /** Kill redis-server across the first refresh this many seconds into the window, and start it again. */
  redisRestartAfterS?: number;
  /** SIGKILL the lease holder in the middle of the first refresh this many seconds into the window. */
  killHolderAfterS?: number;
}

/** The most Deno processes and Worker isolates run here next to the Node fleets (see bench/README.md). */
export const DENO_INSTANCES = 32;
export const WORKERD_INSTANCES = 64;

const ALL = [...VARIANTS];
const sizes = (runtime: Runtime, counts: number[], lifetimes: number): Configuration[] =>
  counts.map((instances) => ({ name: `${runtime}-${instances}`, runtime, instances, lifetimes, variants: ALL }));

export function configurations(quick: boolean): Configuration[] {
  if (quick) {
    return [
      ...sizes("node", [8], 3),
      { name: "node-faults-4", runtime: "node", instances: 4, lifetimes: 5, variants: ["lease"], redisRestartAfterS: 0, killHolderAfterS: 25 },
      ...sizes("deno", [4], 3),
      { name: "deno-faults-4", runtime: "deno", instances: 4, lifetimes: 4, variants: ["lease"], killHolderAfterS: 5 },
      ...sizes("workerd", [4], 3),
    ];
  }
  return [
    ...sizes("node", [1, 8, 32, 64], 10),
    { name: "node-faults-8", runtime: "node", instances: 8, lifetimes: 8, variants: ["lease"], redisRestartAfterS: 5, killHolderAfterS: 40 },
    ...sizes("deno", [1, 8, DENO_INSTANCES], 10),
    { name: "deno-faults-8", runtime: "deno", instances: 8, lifetimes: 5, variants: ["lease"], killHolderAfterS: 10 },
    ...sizes("workerd", [1, 8, WORKERD_INSTANCES], 10),
  ];
}
