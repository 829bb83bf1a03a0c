import { NETWORK_ERROR, OccError, TIMEOUT, UNEXPECTED_STATUS } from "../errors.js";
import type { Redact } from "../util/redact.js";
import { attempt, cancelled } from "./attempt.js";
import { describeUrl } from "./endpoint.js";

/** A server asking us to wait longer than this inside one call gets its error surfaced (and the client pauses). */
const MAX_RETRY_WAIT_MS = 60_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 10_000;

/** How token and metadata requests are sent. Holds no secret. */
export interface Transport {
  fetch: typeof fetch;
  /** Per attempt, in ms. */
  timeout: number;
  retries: number;
  now: () => number;
  redact: Redact;
  onRetry: (attempt: number, delayMs: number, error: OccError) => void;
}

/** A response read in full within the limits. */
export interface HttpResult {
  url: string;
  status: number;
  headers: Headers;
  body: string;
  /** When the answered attempt was sent: token lifetimes count from here. */
  sentAt: number;
  attempts: number;
  /** From `Retry-After` on a 429 or 503: how long the server asked to wait, and until when (epoch ms). */
  retryAfterMs?: number;
  retryAt?: number;
}

/** What one attempt sends. Built anew per attempt, so a client assertion can be fresh each time. */
export interface PreparedRequest {
  url: string;
  init: RequestInit;
}

const isRetryable = (status: number) => status === 408 || status === 429 || status >= 500;

/** Exponential backoff with "equal jitter": half fixed, half random, so retries from many clients spread out. */
const backoff = (attempt: number) => {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
};

/** Waits, unless `signal` fires first. The timer is cleared either way. */
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });

/**
 * Sends a request with a per-attempt deadline, a body limit and no redirects, retrying network errors, timeouts,
 * 408, 429 and 5xx (honouring `Retry-After` up to a minute). Other answers, 4xx included, are returned to be
 * judged. `signal` cancels it, retries and waits included.
 */
export async function send(
  prepare: (signal: AbortSignal) => Promise<PreparedRequest>,
  t: Transport,
  signal: AbortSignal,
  returnRedirects = false,
): Promise<HttpResult> {
  const started = t.now();
  for (let attempts = 1; ; attempts++) {
    if (signal.aborted) throw cancelled(signal);
    const last = attempts > t.retries;
    let delay: number;
    let error: OccError;
    try {
      const result = await attempt(prepare, t, attempts, signal, returnRedirects);
      if (last || !isRetryable(result.status)) return result;
      delay = result.retryAfterMs ?? backoff(attempts);
      if (delay > MAX_RETRY_WAIT_MS) return result;
      error = new OccError(UNEXPECTED_STATUS, `${describeUrl(result.url)} answered ${result.status}`, { status: result.status });
    } catch (caught) {
      error = caught as OccError;
      if (last || (error.code !== NETWORK_ERROR && error.code !== TIMEOUT)) {
        if (attempts > 1) error.message += ` (${attempts} attempts, ${((t.now() - started) / 1000).toFixed(1)} s in all)`;
        (error as { attempts?: number }).attempts = attempts;
        throw error;
      }
      delay = backoff(attempts);
    }
    t.onRetry(attempts, delay, error);
    await sleep(delay, signal);
  }
}
