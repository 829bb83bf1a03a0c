/**
 * Faults injected into a running process fleet (lease variant only): Redis killed across a refresh and started
 * again empty, and the lease holder SIGKILLed while its token request is in flight.
 */
import type { FaultReport } from "./fleet-results.ts";
import type { RunningFleet } from "./process-fleet.ts";
import type { RedisServer } from "../../../packages/redis/test/redis-server.ts";
import { REFRESH_SKEW_SECONDS, TOKEN_TTL_SECONDS } from "./settings.ts";
import { nextRequest, roundsOf, slowNextRequest, tokenLog } from "./token-log.ts";

/** Redis stays down this long, across the refresh due 1 s after it goes down. */
const OUTAGE_MS = 4_000;
/** The killed holder's token request is held this long by the server: far longer than the kill takes to land. */
const HELD_REQUEST_MS = 2_500;
/** A refresh round is over this long after it began (one 150 ms request, or a few racing ones). */
const ROUND_OVER_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Where the fault looks: the bench server and the lease variant's namespace on it. */
export interface FaultTarget {
  serverUrl: string;
  namespace: string;
}

async function roundRequests(target: FaultTarget, at: number): Promise<number> {
  const round = roundsOf(await tokenLog(target.serverUrl, target.namespace)).find((r) => r.some((request) => request.at === at));
  return round?.length ?? 0;
}

/** SIGKILLs redis-server 1 s before the first refresh due after `after`, and starts it again, empty, 4 s later. */
export async function restartRedis(target: FaultTarget, redis: RedisServer, after: number): Promise<FaultReport> {
  const round = await nextRequest(target.serverUrl, target.namespace, after);
  await sleep(round.at + (TOKEN_TTL_SECONDS - REFRESH_SKEW_SECONDS - 1) * 1000 - Date.now());
  const downAt = Date.now();
  await redis.stop();
  await sleep(OUTAGE_MS);
  await redis.restart();
  const upAt = Date.now();
  const hit = await nextRequest(target.serverUrl, target.namespace, downAt);
  await sleep(ROUND_OVER_MS);
  const requests = hit.at < upAt ? await roundRequests(target, hit.at) : 0;
  return {
    kind: "redis restart",
    detail: `redis-server SIGKILLed and started again, empty, ${upAt - downAt} ms later; the refresh due meanwhile began ${hit.at - downAt} ms after the kill`,
    roundRequests: requests,
    landed: hit.at < upAt,
  };
}

/**
 * Waits for the first refresh after `after` to be over, makes the server hold the next token request, and SIGKILLs
 * the instance whose `lease` event says `acquired` once its request is held (mid-refresh). The others must take the
 * lease over when it expires and refresh before the token does.
 */
export async function killHolder(fleet: RunningFleet, target: FaultTarget, after: number): Promise<FaultReport> {
  const previous = await nextRequest(target.serverUrl, target.namespace, after);
  await sleep(previous.at + ROUND_OVER_MS - Date.now());
  await slowNextRequest(target.serverUrl, target.namespace, HELD_REQUEST_MS);
  const armedAt = Date.now();
  const holder = await fleet.nextLease((e) => e.variant === "lease" && e.outcome === "acquired" && e.at >= armedAt);
  const held = await nextRequest(target.serverUrl, target.namespace, armedAt);
  const successor = fleet.nextLease((e) => e.variant === "lease" && e.index !== holder.index && e.at >= held.at);
  fleet.members[holder.index]!.kill();
  fleet.killed(holder.index);
  const killedAt = Date.now();
  const next = await successor;
  await sleep(ROUND_OVER_MS);
  const log = await tokenLog(target.serverUrl, target.namespace);
  const aborted = log.find((r) => r.at === held.at)?.aborted === true;
  return {
    kind: "holder killed",
    detail:
      `instance ${holder.index} acquired the lease, its token request reached the server, and it was SIGKILLed ${killedAt - held.at} ms into it ` +
      `(request ${aborted ? "cut off by the kill" : "NOT cut off"}); instance ${next.index} got the lease (${next.outcome}) ${next.at - killedAt} ms after the kill`,
    roundRequests: await roundRequests(target, held.at),
    landed: aborted,
  };
}
