/**
 * 5. Expiry boundary: the longest a caller waits for a token while short tokens (2 s, refreshSkew 1 s)
 * expire and are replaced by an endpoint that takes 150 ms, with a caller every 2 ms, in real time. The
 * first (cold) token is fetched before measuring. Clients without a cache wait for the endpoint on every
 * call, so they run for a shorter time. `floor` is a bare async function returning a constant, measured the
 * same way: its worst wait is what the event loop and the OS scheduler alone cost a caller on this machine.
 */
import { contestant, endpointFor, tokenRequests, type Instance } from "../lib/contestants.ts";
import { slug } from "../lib/slug.ts";
import { percentile, sorted } from "../lib/stats.ts";

/** The noise reference, run like a contestant. */
export const FLOOR = "floor";
const TOKEN_TTL_SECONDS = 2;
const REFRESH_SKEW_SECONDS = 1;
const ENDPOINT_DELAY_MS = 150;
const CALLER_INTERVAL_MS = 2;
const CACHED_DURATION_MS = 6000;
const UNCACHED_DURATION_MS = 2000;

export interface ExpiryBoundaryResult {
  contestant: string;
  durationMs: number;
  callers: number;
  failedCallers: number;
  tokenRequests: number;
  worstWaitMs: number;
  p99WaitMs: number;
  p50WaitMs: number;
  /** Callers that waited longer than 20 ms. */
  slowCallers: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function run([name = ""]: string[], serverUrl: string): Promise<ExpiryBoundaryResult> {
  const ns = `expiry-${slug(name)}`;
  let instance: Instance = { getToken: async () => "floor" };
  let durationMs = CACHED_DURATION_MS;
  if (name !== FLOOR) {
    const subject = contestant(name);
    instance = await subject.create(endpointFor(serverUrl, ns, TOKEN_TTL_SECONDS, ENDPOINT_DELAY_MS), {
      refreshSkewSeconds: REFRESH_SKEW_SECONDS,
    });
    if (subject.cache === "none") durationMs = UNCACHED_DURATION_MS;
  }
  await instance.getToken();
  const waits: number[] = [];
  const pending: Promise<void>[] = [];
  let failedCallers = 0;
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    const start = performance.now();
    pending.push(
      instance.getToken().then(
        () => void waits.push(performance.now() - start),
        () => void failedCallers++,
      ),
    );
    await sleep(CALLER_INTERVAL_MS);
  }
  await Promise.all(pending);
  const ascending = sorted(waits);
  return {
    contestant: name,
    durationMs,
    callers: pending.length,
    failedCallers,
    tokenRequests: await tokenRequests(serverUrl, ns),
    worstWaitMs: ascending[ascending.length - 1] ?? Number.NaN,
    p99WaitMs: percentile(ascending, 99),
    p50WaitMs: percentile(ascending, 50),
    slowCallers: waits.filter((w) => w > 20).length,
  };
}
