/**
 * What the bench server saw of a fleet's token requests (`/__log/<ns>`), grouped into refresh rounds, and the
 * one-off slow answer the holder-kill fault needs (`/__slow/<ns>/<ms>`).
 */
import type { LoggedRequest } from "../lib/logged-request.ts";
import { ROUND_GAP_MS, TOKEN_TTL_SECONDS } from "./settings.ts";

export async function tokenLog(serverUrl: string, namespace: string): Promise<LoggedRequest[]> {
  const response = await fetch(`${serverUrl}/__log/${namespace}`);
  return ((await response.json()) as LoggedRequest[]).sort((a, b) => a.at - b.at);
}

/** The next token request of `namespace` is answered after `ms`. */
export async function slowNextRequest(serverUrl: string, namespace: string, ms: number): Promise<void> {
  await (await fetch(`${serverUrl}/__slow/${namespace}/${ms}`, { method: "POST" })).body?.cancel();
}

/**
 * Requests grouped into rounds: a request at least {@link ROUND_GAP_MS} after the first request of the current round
 * begins the next one. A fleet that refreshes once per token makes rounds of one request.
 */
export function roundsOf(log: readonly LoggedRequest[]): LoggedRequest[][] {
  const rounds: LoggedRequest[][] = [];
  for (const request of log) {
    const current = rounds[rounds.length - 1];
    if (current !== undefined && request.at - current[0]!.at < ROUND_GAP_MS) current.push(request);
    else rounds.push([request]);
  }
  return rounds;
}

/** Whether some token the server issued was still valid at `at` (answered by then, not yet expired). */
export function validTokenAt(log: readonly LoggedRequest[], at: number): boolean {
  return log.some((r) => r.answeredAt !== undefined && r.answeredAt <= at && r.at + TOKEN_TTL_SECONDS * 1000 > at);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `namespace` gets a token request at or after `after` (epoch ms) and returns it. */
export async function nextRequest(serverUrl: string, namespace: string, after: number): Promise<LoggedRequest> {
  for (;;) {
    const found = (await tokenLog(serverUrl, namespace)).find((r) => r.at >= after);
    if (found !== undefined) return found;
    await sleep(25);
  }
}
