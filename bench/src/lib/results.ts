import type { BundleSize } from "../scenarios/bundle-size.ts";
import type { CachedGetTokenResult } from "../scenarios/cached-get-token.ts";
import type { DpopOverheadResult } from "../scenarios/dpop-overhead.ts";
import type { ExpiryBoundaryResult } from "../scenarios/expiry-boundary.ts";
import type { FetchOverheadResult } from "../scenarios/fetch-overhead.ts";
import type { MemoryResult } from "../scenarios/memory.ts";
import type { OtelOverheadResult } from "../scenarios/otel-overhead.ts";
import type { StampedeResult } from "../scenarios/stampede.ts";
import type { SteadyStateResult } from "../scenarios/steady-state.ts";

/** Where and when a run happened. */
export interface Machine {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  /** 1-minute load average before and after the run: other work on a shared machine shows up here. */
  loadBefore: number;
  loadAfter: number;
  durationSeconds: number;
}

/** Everything one `pnpm bench` run measured; written to bench/results.json. */
export interface Results {
  machine: Machine;
  cachedGetToken: CachedGetTokenResult;
  /** Absent from runs made before the scenario existed. */
  otelOverhead?: OtelOverheadResult;
  fetchOverhead: FetchOverheadResult;
  /** Absent from runs made before the scenario existed. */
  dpopOverhead?: DpopOverheadResult;
  stampede: StampedeResult[];
  steadyState: SteadyStateResult[];
  expiryBoundary: ExpiryBoundaryResult[];
  memory: MemoryResult[];
  bundleSize: BundleSize[];
}
