/**
 * 2. client.fetch overhead against plain fetch to a loopback API in another process: sequential latency
 * (p50, p99) and requests/s with 64 concurrent callers. Plain fetch sends the same Authorization header, so
 * the only difference is what the client does around the request.
 */
import { contestant, endpointFor } from "../lib/contestants.ts";
import { consume, latencyRound, turnOrder } from "../lib/rounds.ts";

const ROUNDS = 8;
const SEQUENTIAL = 1000;
const CONCURRENCY = 64;
/** Requests per caller per round, spread evenly over the contenders. */
const CONCURRENT_PER_CALLER = 30;
const WARMUP = 200;

export interface FetchOverheadResult {
  /** Per round, by contender. */
  p50Ms: Record<string, number[]>;
  p99Ms: Record<string, number[]>;
  requestsPerSecond: Record<string, number[]>;
  sequentialPerRound: number;
  concurrentPerRound: number;
  concurrency: number;
}

export async function run(_args: string[], serverUrl: string): Promise<FetchOverheadResult> {
  const api = `${serverUrl}/api/data`;
  const endpoint = endpointFor(serverUrl, "fetch", 3600);
  const occ = await contestant("occ").create(endpoint, { refreshSkewSeconds: 60 });
  const badgateway = await contestant("@badgateway/oauth2-client").create(endpoint, { refreshSkewSeconds: 60 });
  const token = await occ.getToken();
  const contenders: Record<string, () => Promise<Response>> = {
    "plain fetch": () => fetch(api, { headers: { authorization: `Bearer ${token}` } }),
    occ: () => occ.fetch!(api),
    "@badgateway/oauth2-client": () => badgateway.fetch!(api),
  };
  const names = Object.keys(contenders);
  const result: FetchOverheadResult = {
    p50Ms: {},
    p99Ms: {},
    requestsPerSecond: {},
    sequentialPerRound: SEQUENTIAL,
    concurrentPerRound: CONCURRENCY * CONCURRENT_PER_CALLER,
    concurrency: CONCURRENCY,
  };
  for (const name of names) {
    result.p50Ms[name] = [];
    result.p99Ms[name] = [];
    result.requestsPerSecond[name] = [];
    for (let i = 0; i < WARMUP; i++) await consume(await contenders[name]!());
  }

  for (let round = 0; round < ROUNDS; round++) {
    const order = turnOrder(names, round);
    for (const [name, { p50, p99 }] of Object.entries(await latencyRound(contenders, order, SEQUENTIAL))) {
      result.p50Ms[name]!.push(p50);
      result.p99Ms[name]!.push(p99);
    }
    // Throughput likewise: 64 callers each take the contenders in turn, so all of them run under the same
    // concurrency and the same outside load; by Little's law each one's rate is callers / its mean latency.
    const busy: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, caller) => {
        for (let i = 0; i < CONCURRENT_PER_CALLER; i++) {
          const name = order[(caller + i) % order.length]!;
          const start = performance.now();
          await consume(await contenders[name]!());
          busy[name]! += performance.now() - start;
        }
      }),
    );
    const perContender = (CONCURRENCY * CONCURRENT_PER_CALLER) / names.length;
    for (const name of names) result.requestsPerSecond[name]!.push(CONCURRENCY / (busy[name]! / perContender / 1000));
  }
  return result;
}
