import type { Coordination } from "../cache/shared-tokens.js";
import { ABORTED, OccError } from "../errors.js";
import type { StoredToken } from "../token-store.js";

const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 1_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      if (signal.aborted) reject(new OccError(ABORTED, "The wait for another instance's token was cancelled: every caller gave up"));
      else resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Fleet coordination through a lease: one instance refreshes, every other serves what it has and then takes the
 * new token from the store. An instance with nothing to serve waits for the holder's token, and takes the lease
 * over if the holder does not deliver within its lease (it died, or its isolate was evicted).
 * `acquire` resolves undefined when the store failed: the instance then refreshes on its own.
 */
export async function coordinate(
  acquire: (ttlMs: number) => Promise<boolean | undefined>,
  readToken: () => Promise<StoredToken | undefined>,
  report: (outcome: "acquired" | "busy" | "taken_over") => void,
  ttlMs: number,
  serving: () => StoredToken | undefined,
  usable: (token: StoredToken) => boolean,
  signal: AbortSignal,
): Promise<Coordination> {
  for (let takingOver = false; ; takingOver = true) {
    const held = await acquire(ttlMs);
    if (held === undefined) return { held: false };
    if (held) {
      report(takingOver ? "taken_over" : "acquired");
      return { held: true };
    }
    if (!takingOver) report("busy");
    if (serving() !== undefined) return "busy";
    // Counted in waits, not by the clock, so an injected clock cannot stall it.
    for (let waited = 0, poll = FIRST_POLL_MS; waited < ttlMs; waited += poll, poll = Math.min(MAX_POLL_MS, poll * 2)) {
      await sleep(poll, signal);
      const token = await readToken();
      if (token !== undefined && usable(token)) return { token };
    }
  }
}
