/**
 * One fleet instance as a Worker (its own isolate), sharing tokens through the `OccTokenCoordinator` Durable Object:
 * `durableObjectStore` from `@occ/cloudflare`, set up as its README shows (one store per isolate, `createClient(env,
 * ctx, { store })` per request). `POST /` with a {@link WorkerRun} runs the instance's callers until `until` in that
 * request, then answers its stats and failures. Bundled by esbuild and run in workerd by Miniflare.
 */
import { createClient, durableObjectStore, type DurableObjectNamespaceLike, type ExecutionContextLike, type SharedStore, type TokenStore } from "@occ/cloudflare";
import { fleetClients, type FleetPlan } from "./fleet-clients.ts";
import { fleetMember, type MemberStats } from "./fleet-member.ts";
import type { Failure } from "./figures.ts";

/** What the orchestrator sends each Worker. */
export interface WorkerRun extends FleetPlan {
  measureFrom: number;
  until: number;
}

/** What each Worker answers. */
export interface WorkerResult {
  stats: MemberStats;
  failures: Failure[];
}

interface Env {
  OCC_COORDINATOR: DurableObjectNamespaceLike;
}

// One per isolate: createClient compares `store` by identity when it reuses its client.
let store: (SharedStore & TokenStore) | undefined;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContextLike): Promise<Response> {
    const run = (await request.json()) as WorkerRun;
    store ??= durableObjectStore(env.OCC_COORDINATOR, { prefix: "occ-fleet" });
    const failures: Failure[] = [];
    const member = fleetMember((message) => void (message.type === "failure" && failures.push(message)));
    const clients = fleetClients(run, store, (options) => createClient(env, ctx, options), member.onEvent);
    member.start(clients);
    member.measureFrom(run.measureFrom);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, run.until - Date.now())));
    const result: WorkerResult = { stats: await member.stop(), failures };
    return Response.json(result);
  },
};
