/**
 * One fleet instance in a Node process of its own, sharing tokens through Redis: `@occ/redis`'s `redisStore` on a
 * node-redis v5 client configured as the @occ/redis README recommends. Started by the orchestrator with
 * `node node-member.ts <plan JSON>`; speaks the protocol of member-control.ts on stdin and stdout.
 */
import { createInterface } from "node:readline";
import { createClient } from "@occ/core";
import { redisStore } from "@occ/redis";
import { createClient as createRedisClient } from "redis";
import type { FleetPlan } from "./fleet-clients.ts";
import { type Send, serveMember } from "./member-control.ts";

// An orchestrator that died (its end of stdin closed) takes its instances with it, even those still connecting.
process.stdin.once("end", () => process.exit(1));
const plan = JSON.parse(process.argv[2] ?? "") as FleetPlan & { redisUrl: string };
const send: Send = (message) => void process.stdout.write(`${JSON.stringify(message)}\n`);

const redis = createRedisClient({
  url: plan.redisUrl,
  disableOfflineQueue: true,
  socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(retries * 100, 2_000) },
});
// Redis restarts are part of the bench: occ reports the outage as store_error events, counted per client.
redis.on("error", () => {});
await redis.connect();

await serveMember({ plan, store: redisStore(redis, { prefix: "occ-fleet" }), create: createClient, lines: createInterface({ input: process.stdin }), send });
// Keep-alive sockets, background refreshes and the Redis connection must not keep a finished instance alive.
process.stdout.write("", () => process.exit(0));
