import { ABORTED, NETWORK_ERROR, OccError, TIMEOUT, UNEXPECTED_REDIRECT } from "../errors.js";
import { rootMessage, safeCause } from "../util/cause.js";
import { noSecrets } from "../util/redact.js";
import { withDeadline } from "../util/deadline.js";
import { describeUrl } from "./endpoint.js";
import { readBody } from "./read-body.js";
import { retryAfterMs } from "./retry-after.js";
import type { HttpResult, PreparedRequest, Transport } from "./transport.js";

/** The error for a request every caller gave up on. */
export const cancelled = (signal: AbortSignal) =>
  new OccError(ABORTED, "The request was cancelled: every caller waiting for it gave up", { cause: safeCause(signal.reason, noSecrets) });

function isResponse(value: unknown): value is Response {
  const status = (value as Response | undefined)?.status;
  return Number.isInteger(status) && status! >= 100 && status! <= 599 && typeof (value as Response).headers?.get === "function";
}

/**
 * One attempt: prepare (sign), send without following redirects, read the body within the limit — all within one
 * deadline that does not rely on the fetch honouring its signal.
 */
export async function attempt(
  prepare: (signal: AbortSignal) => Promise<PreparedRequest>,
  t: Transport,
  attempts: number,
  signal: AbortSignal,
  returnRedirects: boolean,
): Promise<HttpResult> {
  const controller = new AbortController();
  const cancel = () => controller.abort();
  signal.addEventListener("abort", cancel, { once: true });
  let target = "the token endpoint";
  let doing = "Preparing the request to";
  const failed = (cause: unknown) => {
    if (signal.aborted) return cancelled(signal);
    const safe = safeCause(cause, t.redact);
    return new OccError(NETWORK_ERROR, `${doing} ${target} failed: ${rootMessage(safe) || "unknown error"}`, { cause: safe });
  };
  const work = async (): Promise<HttpResult> => {
    const request = await prepare(controller.signal);
    target = describeUrl(request.url);
    doing = "Request to";
    const sentAt = t.now();
    let response: unknown;
    try {
      // Never follow a redirect: it would carry the credentials to wherever it points.
      response = await t.fetch(request.url, { ...request.init, redirect: "manual", signal: controller.signal });
    } catch (cause) {
      throw failed(cause);
    }
    if (!isResponse(response)) throw failed(new TypeError("fetch resolved to something that is not a Response"));
    const status = response.status;
    const result = { url: request.url, status, headers: response.headers, body: "", sentAt, attempts };
    if (response.type === "opaqueredirect" || (status > 299 && status < 400)) {
      response.body?.cancel().catch(() => {});
      if (returnRedirects) return result;
      throw new OccError(UNEXPECTED_REDIRECT, `${target} answered with a redirect (${status}); occ never follows one from a token endpoint: configure the final URL`, { status });
    }
    doing = "Reading the response from";
    try {
      result.body = await readBody(response);
    } catch (cause) {
      throw cause instanceof OccError ? cause : failed(cause);
    }
    const wait = status === 429 || status === 503 ? retryAfterMs(response.headers.get("retry-after"), t.now()) : undefined;
    return wait === undefined ? result : { ...result, retryAfterMs: wait, retryAt: t.now() + wait };
  };
  try {
    return await withDeadline(
      work(),
      t.timeout,
      () => {
        controller.abort();
        const what = doing === "Preparing the request to" ? "Signing the client assertion for" : doing;
        return new OccError(TIMEOUT, `${what} ${target} took longer than ${t.timeout} ms`);
      },
      signal,
      () => cancelled(signal),
    );
  } finally {
    signal.removeEventListener("abort", cancel);
  }
}
