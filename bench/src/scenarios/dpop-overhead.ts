/**
 * 8. What DPoP (RFC 9449) adds to client.fetch: two occ clients on the same loopback API in another process, one
 * plain and one with `dpop: await dpopKey()` (a generated ES256 key), so every request of the second carries a fresh
 * signed proof with `ath`. Same method as fetch-overhead: contenders take turns request by request, p50/p99 per round,
 * ratios per round. Each round also times the signing alone: `key.proof("GET", url, token)`, the median of a batch.
 */
import { createClient } from "@occ/core";
import { dpopKey } from "@occ/keys";
import { endpointFor } from "../lib/contestants.ts";
import { consume, latencyRound, turnOrder } from "../lib/rounds.ts";
import { percentile, sorted } from "../lib/stats.ts";

const ROUNDS = 8;
const SEQUENTIAL = 1000;
const WARMUP = 200;
/** Proofs signed per round for the signing time. */
const PROOFS = 500;
/** The two contenders, by name. */
export const PLAIN = "occ";
export const WITH_DPOP = "occ + DPoP (ES256)";

export interface DpopOverheadResult {
  /** Per round, by contender. */
  p50Ms: Record<string, number[]>;
  p99Ms: Record<string, number[]>;
  /** Per round: the median time to sign one proof with `ath`, in ms. */
  proofMs: number[];
  sequentialPerRound: number;
  proofsPerRound: number;
}

export async function run(_args: string[], serverUrl: string): Promise<DpopOverheadResult> {
  const api = `${serverUrl}/api/data`;
  const endpoint = endpointFor(serverUrl, "dpop", 3600);
  const options = { tokenUrl: endpoint.tokenUrl, clientId: endpoint.clientId, clientSecret: endpoint.clientSecret, scope: endpoint.scope };
  const key = await dpopKey();
  const plain = createClient(options);
  const bound = createClient({ ...options, dpop: key });
  const token = await bound.getToken();
  if (token.tokenType !== "DPoP") throw new Error(`the bench token endpoint answered token_type ${token.tokenType} to a DPoP request`);
  const contenders: Record<string, () => Promise<Response>> = { [PLAIN]: () => plain.fetch(api), [WITH_DPOP]: () => bound.fetch(api) };
  const names = Object.keys(contenders);
  const result: DpopOverheadResult = { p50Ms: {}, p99Ms: {}, proofMs: [], sequentialPerRound: SEQUENTIAL, proofsPerRound: PROOFS };
  for (const name of names) {
    result.p50Ms[name] = [];
    result.p99Ms[name] = [];
    for (let i = 0; i < WARMUP; i++) await consume(await contenders[name]!());
  }

  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, { p50, p99 }] of Object.entries(await latencyRound(contenders, turnOrder(names, round), SEQUENTIAL))) {
      result.p50Ms[name]!.push(p50);
      result.p99Ms[name]!.push(p99);
    }
    const signing: number[] = [];
    for (let i = 0; i < PROOFS; i++) {
      const start = performance.now();
      await key.proof("GET", api, token.accessToken);
      signing.push(performance.now() - start);
    }
    result.proofMs.push(percentile(sorted(signing), 50));
  }
  return result;
}
