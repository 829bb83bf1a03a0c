/**
 * One instance of a fleet, whatever runs it (a Node or Deno process, a Worker isolate): calls `getToken()` on each
 * of its clients every 20 ms, times each call, and reports lease outcomes and failures as they happen.
 * Runtime-neutral: only web-standard globals.
 */
import type { OccEvent } from "@occ/core";
import { emptyHistogram, type Histogram, record } from "./latency-histogram.ts";
import { CALLER_INTERVAL_MS, REFRESH_SKEW_SECONDS, SLOW_CALL_MS, type Variant } from "./settings.ts";

/** What the instance calls: a client, as far as the bench needs it. */
export interface TokenGetter {
  getToken(): Promise<{ accessToken: string; expiresAt: number }>;
}

/** One client's calls, from the measurement start on. */
export interface VariantStats {
  calls: number;
  failures: number;
  /** Every measured call. */
  all: Histogram;
  /** Calls begun while the instance's newest token was due for refresh (or expired), or that brought a new token. */
  boundary: Histogram;
  /**
   * Those calls' waits beyond the floor of their tick: a call answered from memory resolves before the floor's
   * timer fires, so only a wait for the store or the token endpoint (or a stall after the timer) shows here.
   */
  boundaryExcess: Histogram;
  /** `lease` events by outcome, and other events the fleet figures use; counted from the start. */
  leases: Record<string, number>;
  storeErrors: number;
  tokensFetched: number;
}

export interface MemberStats {
  variants: Partial<Record<Variant, VariantStats>>;
  /**
   * Per tick, the time until a 0 ms timer set at the tick's start fires: every call answered from memory has resolved
   * by then, so this is what the event loop and the scheduler alone cost a caller on this machine.
   */
  floor: Histogram;
}

/** Lines an instance sends to the orchestrator. */
export type MemberMessage =
  | { type: "ready" }
  | { type: "warm" }
  | { type: "lease"; variant: Variant; outcome: string; at: number }
  | { type: "failure"; variant: Variant; at: number; code: string }
  | { type: "stats"; stats: MemberStats };

/** Lines the orchestrator sends to an instance. */
export type ControlMessage = { type: "go" } | { type: "measure"; from: number } | { type: "stop" };

/** Failures are reported one by one up to this many per instance, and counted beyond. */
const MAX_FAILURE_MESSAGES = 200;
const nextMacrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

const newVariantStats = (): VariantStats => ({
  calls: 0,
  failures: 0,
  all: emptyHistogram(),
  boundary: emptyHistogram(),
  boundaryExcess: emptyHistogram(),
  leases: {},
  storeErrors: 0,
  tokensFetched: 0,
});

export function fleetMember(send: (message: MemberMessage) => void) {
  const stats: MemberStats = { variants: {}, floor: emptyHistogram() };
  const statsOf = (variant: Variant) => (stats.variants[variant] ??= newVariantStats());
  const newest = new Map<Variant, { accessToken: string; expiresAt: number }>();
  const pending = new Set<Promise<unknown>>();
  let failureMessages = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let clientCount = 0;
  let warm = false;
  let measureFrom = Number.POSITIVE_INFINITY;

  const track = (promise: Promise<unknown>) => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  };

  function call(variant: Variant, client: TokenGetter, measured: boolean, floorWait: Promise<number>): void {
    const at = Date.now();
    const known = newest.get(variant);
    const due = known === undefined || at >= known.expiresAt - REFRESH_SKEW_SECONDS * 1000;
    const started = performance.now();
    const s = statsOf(variant);
    track(
      client.getToken().then(
        (token) => {
          const waited = performance.now() - started;
          if (token.expiresAt >= (newest.get(variant)?.expiresAt ?? 0)) newest.set(variant, token);
          if (!warm && newest.size === clientCount) (warm = true), send({ type: "warm" });
          // The cold start (no token yet) is not a refresh boundary.
          if (!measured || known === undefined) return;
          s.calls++;
          record(s.all, waited, SLOW_CALL_MS);
          if (!due && token.accessToken === known?.accessToken) return;
          record(s.boundary, waited, SLOW_CALL_MS);
          return floorWait.then((floor) => record(s.boundaryExcess, Math.max(0, waited - floor), SLOW_CALL_MS));
        },
        (error: unknown) => {
          if (measured) (s.calls++, s.failures++);
          const code = (error as { code?: unknown } | undefined)?.code;
          if (failureMessages++ < MAX_FAILURE_MESSAGES) send({ type: "failure", variant, at, code: typeof code === "string" ? code : String(error) });
        },
      ),
    );
  }

  return {
    /** The `onEvent` option of `variant`'s client. */
    onEvent: (variant: Variant) => (event: OccEvent) => {
      const s = statsOf(variant);
      if (event.type === "store_error") s.storeErrors++;
      if (event.type === "token_fetched") s.tokensFetched++;
      if (event.type !== "lease") return;
      s.leases[event.outcome] = (s.leases[event.outcome] ?? 0) + 1;
      if (event.outcome !== "busy") send({ type: "lease", variant, outcome: event.outcome, at: Date.now() });
    },

    /** Starts calling; `warm` is sent once every client has returned a token. */
    start(clients: Partial<Record<Variant, TokenGetter>>): void {
      const entries = Object.entries(clients) as [Variant, TokenGetter][];
      clientCount = entries.length;
      timer = setInterval(() => {
        const measured = Date.now() >= measureFrom;
        const started = performance.now();
        const floorWait = nextMacrotask().then(() => performance.now() - started);
        track(floorWait.then((waited) => void (measured && record(stats.floor, waited, SLOW_CALL_MS))));
        for (const [variant, client] of entries) call(variant, client, measured, floorWait);
      }, CALLER_INTERVAL_MS);
    },

    /** Calls begun from `at` (epoch ms) on are timed; before, they are the cold start. */
    measureFrom(at: number): void {
      measureFrom = at;
    },

    /** Stops calling, waits for the calls still running, and returns what was measured. */
    async stop(): Promise<MemberStats> {
      clearInterval(timer);
      await Promise.allSettled([...pending]);
      return stats;
    },
  };
}
