import { networkReason } from "../failure.js";

const TIMEOUT_MS = 10_000;

/** A response read in full, with when it was sent and received (for the clock check). */
export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  sentAt: number;
  receivedAt: number;
}

/** A request that got no response: the network reason, such as `ECONNREFUSED` or `TIMEOUT`. */
export interface NoResponse {
  reason: string;
}

/** One request, as occ sends them: no redirects followed, a 10 s timeout. */
export async function exchange(url: URL | string, init: RequestInit): Promise<Exchange | NoResponse> {
  const sentAt = Date.now();
  try {
    const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, sentAt, receivedAt: Date.now() };
  } catch (error) {
    const name = (error as Error).name;
    return { reason: name === "TimeoutError" ? "TIMEOUT" : (networkReason(error) ?? (error as Error).message) };
  }
}
