/** What `pnpm bench:fleet` measured; written to bench/fleet-results.json and rendered into bench/RESULTS.md. */
import type { Machine } from "../lib/results.ts";
import type { Variant } from "./settings.ts";

export type Runtime = "node" | "deno" | "workerd";

/** Latency of a set of calls, in ms. */
export interface Latency {
  calls: number;
  p99Ms: number;
  worstMs: number;
  /** Calls that took longer than 20 ms. */
  slow: number;
}

export interface VariantFigures {
  variant: Variant;
  /** Token requests of the rounds begun in the measured window. */
  requests: number;
  /** Refresh rounds begun in the measured window (see token-log.ts). */
  rounds: number;
  /** requests / rounds: 1 is one request per token lifetime for the whole fleet. */
  perLifetime: number;
  /** Token requests of the first round, when every instance started at once with nothing cached. */
  coldStartRequests: number;
  /** Calls at the refresh boundaries: begun while the instance's token was due for refresh, or bringing a new one. */
  boundary: Latency;
  /** The same calls' waits beyond the floor call of their tick: what getToken() itself added (see fleet-member.ts). */
  boundaryExcess: Latency;
  /** Every measured call. */
  all: Latency;
  failures: number;
  /** Failures of calls made while a token the server issued was still valid. */
  failuresWhileValid: number;
  storeErrors: number;
  /** `lease` events by outcome, the whole fleet. */
  leases: Record<string, number>;
}

/** One fault injected during a run and what the fleet did about it. */
export interface FaultReport {
  kind: "redis restart" | "holder killed";
  /** What happened, in words, with the timings. */
  detail: string;
  /** Token requests of the round the fault hit. */
  roundRequests: number;
  /** The fault hit what it aimed at: a refresh during the outage; a kill while the holder's request was in flight. */
  landed: boolean;
}

export interface ConfigurationResult {
  name: string;
  runtime: Runtime;
  /** The store of the `lease` variant, e.g. `redisStore`. */
  store: string;
  instances: number;
  /** Token lifetimes (10 s) in the measured window. */
  lifetimes: number;
  variants: VariantFigures[];
  /** A bare async call timed like getToken() in every instance: the scheduler's share of any latency. */
  floor: Latency;
  faults: FaultReport[];
  /** Instances killed during the run: their calls are missing from the latency figures (not from the failures). */
  killed: number;
  /** Cores the instances' processes (or the one workerd) used on average during the window, of the machine's. */
  cpuCores: number;
  durationSeconds: number;
}

export interface FleetResults {
  machine: Machine;
  quick: boolean;
  configurations: ConfigurationResult[];
}
