import { describeUrl } from "./endpoint.js";
import {
  ABORTED,
  NETWORK_ERROR,
  OccError,
  RESPONSE_TOO_LARGE,
  TIMEOUT,
  UNEXPECTED_REDIRECT,
  UNEXPECTED_STATUS,
} from "./errors.js";

/** Token responses are a few hundred bytes; anything near this is an attack or a misrouted request. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** A server asking us to wait longer than this gets its error surfaced instead of a stalled caller. */
const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 10_000;
const RETRYABLE_CODES = new Set<string>([NETWORK_ERROR, TIMEOUT]);

/** A response read in full within the limits. */
export interface HttpResult {
  url: string;
  status: number;
  headers: Headers;
  body: string;
  /** When the successful attempt was sent: token lifetimes count from here. */
  sentAt: number;
  attempts: number;
}

export interface TransportOptions {
  fetch: typeof fetch;
  timeout: number;
  retries: number;
  now: () => number;
  onRetry: (attempt: number, delayMs: number, error: OccError) => void;
}

/** What one attempt sends. Built anew per attempt, so a client assertion can be fresh each time. */
export interface PreparedRequest {
  url: string;
  init: RequestInit;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Waits, unless `signal` fires first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

function cancelled(signal: AbortSignal | undefined): OccError | undefined {
  return signal?.aborted ? new OccError(ABORTED, "The request was cancelled: every caller waiting for it gave up", { cause: signal.reason }) : undefined;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries from many clients spread out. */
function backoff(attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or malformed. */
function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function readBody(response: Response): Promise<string> {
  const length = response.headers.get("content-length");
  if (length !== null && Number(length) > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => {});
    throw new OccError(RESPONSE_TOO_LARGE, `Response of ${length} bytes is over the ${MAX_RESPONSE_BYTES}-byte limit`, {
      status: response.status,
    });
  }
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    received += value.byteLength;
    if (received > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => {});
      throw new OccError(RESPONSE_TOO_LARGE, `Response body is over the ${MAX_RESPONSE_BYTES}-byte limit`, {
        status: response.status,
      });
    }
    text += decoder.decode(value, { stream: true });
  }
}

async function attempt(
  request: PreparedRequest,
  options: TransportOptions,
  attempts: number,
  signal: AbortSignal | undefined,
): Promise<HttpResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeout);
  const cancel = () => controller.abort();
  signal?.addEventListener("abort", cancel, { once: true });
  const target = describeUrl(request.url);
  const failed = (cause: unknown, doing: string) =>
    cancelled(signal) ??
    (timedOut
      ? new OccError(TIMEOUT, `${target} did not answer within ${options.timeout} ms`, { cause })
      : new OccError(NETWORK_ERROR, `${doing} ${target} failed`, { cause }));
  const sentAt = options.now();
  try {
    let response: Response;
    try {
      // Never follow a redirect: it would carry the credentials to wherever the redirect points.
      response = await options.fetch(request.url, { ...request.init, redirect: "manual", signal: controller.signal });
    } catch (cause) {
      throw failed(cause, "Request to");
    }
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => {});
      throw new OccError(
        UNEXPECTED_REDIRECT,
        `${target} answered with a redirect (${response.status}); occ does not follow redirects from this endpoint, configure the final URL`,
        { status: response.status },
      );
    }
    let body: string;
    try {
      body = await readBody(response);
    } catch (cause) {
      if (cause instanceof OccError) throw cause;
      throw failed(cause, "Reading the response from");
    }
    return { url: request.url, status: response.status, headers: response.headers, body, sentAt, attempts };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", cancel);
  }
}

/**
 * Sends a request with a per-attempt timeout, a body limit and no redirects, retrying network errors,
 * timeouts, 408, 429 and 5xx (honouring Retry-After). Other answers, 4xx included, are returned to be judged.
 * `signal` cancels it, retries and waits included.
 */
export async function send(
  prepare: () => Promise<PreparedRequest>,
  options: TransportOptions,
  signal?: AbortSignal,
): Promise<HttpResult> {
  for (let attempts = 1; ; attempts++) {
    const stop = cancelled(signal);
    if (stop !== undefined) throw stop;
    const request = await prepare();
    const lastAttempt = attempts > options.retries;
    let result: HttpResult;
    try {
      result = await attempt(request, options, attempts, signal);
    } catch (error) {
      if (lastAttempt || !(error instanceof OccError) || !RETRYABLE_CODES.has(error.code)) throw error;
      const delay = backoff(attempts);
      options.onRetry(attempts, delay, error);
      await sleep(delay, signal);
      continue;
    }
    if (lastAttempt || !isRetryableStatus(result.status)) return result;
    const delay = retryAfter(result.headers.get("retry-after"), options.now()) ?? backoff(attempts);
    if (delay > MAX_RETRY_AFTER_MS) return result;
    options.onRetry(
      attempts,
      delay,
      new OccError(UNEXPECTED_STATUS, `${describeUrl(result.url)} answered ${result.status}`, { status: result.status }),
    );
    await sleep(delay, signal);
  }
}
