/**
 * Which fleets `pnpm bench:fleet` runs. Every configuration measures 10 token lifetimes (100 s) after a 3 s cold
 * start, with the three variants side by side in the same instances; the fault runs measure the lease alone.
 * The whole list takes about 24 minutes on 2 cores; `--quick` runs a 4-minute subset that exercises every code path.
 * 64 Deno processes fit here as 64 Node processes do (each fleet takes 1.0–1.2 of the 2 cores); 64 Worker isolates
 * take about 0.3 of a core in one workerd.
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
    { name: "node-faults-8", runtime: "node", instances: 8, lifetimes: 7, variants: ["lease"], redisRestartAfterS: 5, killHolderAfterS: 35 },
    ...sizes("deno", [1, 8, 32, 64], 10),
    { name: "deno-faults-8", runtime: "deno", instances: 8, lifetimes: 5, variants: ["lease"], killHolderAfterS: 10 },
    ...sizes("workerd", [1, 8, 32, 64], 10),
  ];
}
