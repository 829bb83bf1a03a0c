import { duration } from "../time.js";
import { type CheckResult, result } from "./check.js";
import type { Exchange } from "./http.js";

/** Skews above this are worth a warning: JWT libraries commonly allow 30–60 s of leeway. */
export const SKEW_WARNING_S = 30;
/** Above this, tokens are likely refused as not yet valid or already expired. */
export const SKEW_FAILURE_S = 300;

/**
 * Compares the server's `Date` header with our clock at the middle of the exchange. `Date` has one-second
 * resolution, so up to a second (plus half the round trip) is noise.
 */
export function checkClock(exchange: Exchange): CheckResult {
  const date = exchange.headers.get("date");
  // Date is truncated to the second: the server's time was somewhere in that second, on average half-way.
  const server = date === null ? Number.NaN : Date.parse(date) + 500;
  if (Number.isNaN(server)) return result("clock", "skip", "the server sent no usable Date header: nothing to compare");
  const ours = (exchange.sentAt + exchange.receivedAt) / 2;
  const skewMs = server - ours;
  const noiseMs = 1_000 + (exchange.receivedAt - exchange.sentAt) / 2;
  const seconds = Math.abs(skewMs) / 1000;
  if (Math.abs(skewMs) <= noiseMs) return result("clock", "ok", "the server's Date matches our clock (within a second)");
  const summary = `the server's clock is ${duration(Math.abs(skewMs))} ${skewMs > 0 ? "ahead of" : "behind"} ours`;
  if (seconds <= SKEW_WARNING_S) return result("clock", "ok", summary);
  const advice =
    "Token lifetimes (exp, nbf, iat) are judged by both clocks: sync this machine with NTP (timedatectl, chrony), or tell the server's operator if theirs is off.";
  return result("clock", seconds <= SKEW_FAILURE_S ? "warn" : "fail", summary, advice);
}
