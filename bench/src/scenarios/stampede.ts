/**
 * 3. Cold stampede: 10 000 callers ask one fresh client for a token at once; how many requests reach the
 * server? Every client's connection pool is capped at 256 sockets, as a production service's would be:
 * 10 000 simultaneous connects overflow the loopback listen backlog (somaxconn), and SYN retries would
 * turn a counting exercise into minutes of waiting. The counts do not depend on it.
 */
import { globalAgent } from "node:http";
import { Agent, setGlobalDispatcher } from "undici";
import { contestant, endpointFor, tokenRequests } from "../lib/contestants.ts";
import { slug } from "../lib/slug.ts";

const CALLERS = 10_000;
const MAX_SOCKETS = 256;

export interface StampedeResult {
  contestant: string;
  callers: number;
  tokenRequests: number;
  failedCallers: number;
  distinctTokens: number;
  elapsedMs: number;
}

export async function run([name = ""]: string[], serverUrl: string): Promise<StampedeResult> {
  // Global fetch (occ, @badgateway, openid-client, naive) and node:http (simple-oauth2's wreck).
  setGlobalDispatcher(new Agent({ connections: MAX_SOCKETS }));
  globalAgent.maxSockets = MAX_SOCKETS;
  const ns = `stampede-${slug(name)}`;
  const instance = await contestant(name).create(endpointFor(serverUrl, ns, 300), { refreshSkewSeconds: 60 });
  const start = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: CALLERS }, () => instance.getToken()));
  const elapsedMs = performance.now() - start;
  const tokens = new Set(outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : [])));
  return {
    contestant: name,
    callers: CALLERS,
    tokenRequests: await tokenRequests(serverUrl, ns),
    failedCallers: outcomes.filter((o) => o.status === "rejected").length,
    distinctTokens: tokens.size,
    elapsedMs,
  };
}
