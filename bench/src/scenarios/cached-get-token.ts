/**
 * 1. Cached getToken() throughput: warm cache, memory store, one client. occ against
 * @badgateway/oauth2-client's OAuth2Fetch#getToken() and against the floor, a bare async Map read with a
 * Date.now() comparison.
 */
import { OAuth2Client, OAuth2Fetch } from "@badgateway/oauth2-client";
import { createClient } from "@occ/core";
import { endpointFor } from "../lib/contestants.ts";
import { callsPerSecondRound } from "../lib/rounds.ts";

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
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, perSecond] of Object.entries(await callsPerSecondRound(tasks, BATCH, round))) callsPerSecond[name]!.push(perSecond);
  }
  return { batch: BATCH, callsPerSecond };
}
