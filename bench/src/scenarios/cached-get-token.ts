/**
 * 1. Cached getToken() throughput: warm cache, memory store, one client. occ against
 * @badgateway/oauth2-client's OAuth2Fetch#getToken() and against the floor, a bare async Map read with a
 * Date.now() comparison.
 */
import { OAuth2Client, OAuth2Fetch } from "@badgateway/oauth2-client";
import { createClient } from "@occ/core";
import { Bench } from "tinybench";
import { endpointFor } from "../lib/contestants.ts";

/** Calls per tinybench iteration, so the timer's own cost is spread over many calls. */
const BATCH = 1000;
const ROUNDS = 7;

export interface CachedGetTokenResult {
  batch: number;
  /** Calls per second, one value per round, by task name. */
  callsPerSecond: Record<string, number[]>;
}

export async function run(_args: string[], serverUrl: string): Promise<CachedGetTokenResult> {
  const endpoint = endpointFor(serverUrl, "cached", 3600);
  const occ = createClient({
    tokenUrl: endpoint.tokenUrl,
    clientId: endpoint.clientId,
    clientSecret: endpoint.clientSecret,
    scope: endpoint.scope,
  });
  const oauth2Client = new OAuth2Client({
    tokenEndpoint: endpoint.tokenUrl,
    clientId: endpoint.clientId,
    clientSecret: endpoint.clientSecret,
    authenticationMethod: "client_secret_basic",
  });
  const badgateway = new OAuth2Fetch({
    client: oauth2Client,
    getNewToken: () => oauth2Client.clientCredentials({ scope: [endpoint.scope] }),
  });
  const cache = new Map([["key", { accessToken: await occ.getToken(), expiresAt: Date.now() + 3_600_000 }]]);
  await badgateway.getToken();
  const floor = async () => {
    const entry = cache.get("key");
    if (entry !== undefined && entry.expiresAt > Date.now()) return entry;
    throw new Error("floor cache is empty");
  };

  const tasks: Record<string, () => Promise<unknown>> = {
    floor,
    occ: () => occ.getToken(),
    "@badgateway/oauth2-client": () => badgateway.getToken(),
  };
  const callsPerSecond: Record<string, number[]> = Object.fromEntries(Object.keys(tasks).map((name) => [name, []]));
  const names = Object.keys(tasks);
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: 250, warmupTime: 100 });
    // Rotate the order so no task always runs first (or last) in a round.
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const call = tasks[name]!;
      bench.add(name, async () => {
        for (let i = 0; i < BATCH; i++) await call();
      });
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (!("throughput" in result)) throw new Error(`${task.name} did not complete`);
      callsPerSecond[task.name]!.push(result.throughput.mean * BATCH);
    }
  }
  return { batch: BATCH, callsPerSecond };
}
