import type { Redact } from "./redact.js";

/** What an error shows of its cause chain, at most. */
const MAX_DEPTH = 4;
const MAX_MESSAGE = 300;

/**
 * A copy of an error that is safe to keep as a cause: name, message and `code` only, redacted, with its own cause
 * chain copied the same way. Wrappers like axios or got put the request — headers and body, so the credentials —
 * on their errors; none of that survives.
 */
export function safeCause(error: unknown, redact: Redact, depth = 0): Error | undefined {
  if (error === undefined || error === null || depth >= MAX_DEPTH) return undefined;
  const source = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  let message: string;
  try {
    message = typeof source.message === "string" ? source.message : String(error);
  } catch {
    message = "(an error that cannot be printed)";
  }
  const copy = new Error(redact(message.slice(0, MAX_MESSAGE)), { cause: safeCause(source.cause, redact, depth + 1) });
  if (typeof source.name === "string") copy.name = redact(source.name.slice(0, 100));
  if (typeof source.code === "string" || typeof source.code === "number") (copy as { code?: unknown }).code = source.code;
  return copy;
}

/** The innermost message of a cause chain: `connect ECONNREFUSED 127.0.0.1:8080` rather than `fetch failed`. */
export function rootMessage(error: Error | undefined): string {
  let inner = error;
  while (inner?.cause instanceof Error) inner = inner.cause;
  return inner?.message ?? "";
}
