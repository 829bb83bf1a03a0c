import { OccError, THROTTLED } from "../errors.js";

/** The longest pause a `Retry-After` can impose: beyond it the server's word is not taken. One hour. */
export const MAX_PAUSE_MS = 3_600_000;
const COOL_DOWN_MIN_MS = 1_000;
const COOL_DOWN_MAX_MS = 60_000;

/** Time during which no token request is sent, and the error callers without a token get meanwhile. */
export interface Pause {
  until: number;
  error: OccError;
}

/**
 * The pause after a failure: the server's `Retry-After` (capped at an hour), else a cool-down that doubles with
 * each consecutive failure from 1 s to 60 s, with equal jitter so a fleet does not return in step.
 */
export function pauseAfter(error: OccError, failures: number, now: number, random: () => number): Pause {
  if (error.retryAt !== undefined) {
    const until = Math.min(error.retryAt, now + MAX_PAUSE_MS);
    return { until, error: new OccError(THROTTLED, `${error.message} — the server asked for a pause: no token request before ${new Date(until).toISOString()}`, { status: error.status, retryAt: until, cause: error }) };
  }
  const ceiling = Math.min(COOL_DOWN_MAX_MS, COOL_DOWN_MIN_MS * 2 ** (failures - 1));
  const until = now + Math.round(ceiling / 2 + random() * (ceiling / 2));
  (error as { retryAt?: number }).retryAt = until;
  return { until, error };
}
