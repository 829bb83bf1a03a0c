/**
 * The line protocol between the orchestrator and an instance in a process of its own (Node or Deno): the instance
 * says `ready`, starts calling on `go`, says `warm` once each client has a token, times calls from the time `measure`
 * gives, and answers `stop` with its stats. Runtime-neutral.
 */
import type { ClientOptions, SharedStore, TokenStore } from "@occ/core";
import { fleetClients, type FleetPlan } from "./fleet-clients.ts";
import { type ControlMessage, fleetMember, type MemberMessage, type TokenGetter } from "./fleet-member.ts";

/** Writes one message as a JSON line. */
export type Send = (message: MemberMessage) => void;

export interface MemberSetup {
  plan: FleetPlan;
  /** The platform's store, as its package ships it (with its lease). */
  store: SharedStore & TokenStore;
  /** The adapter's `createClient`. */
  create: (options: ClientOptions) => TokenGetter;
  /** stdin, line by line. */
  lines: AsyncIterable<string>;
  send: Send;
}

/**
 * Runs the instance until `stop`, which is answered with the stats. Before `ready`, the runtime's HTTP stack and
 * the store are used once, so that the cold start measures occ and not a runtime's first fetch.
 */
export async function serveMember({ plan, store, create, lines, send }: MemberSetup): Promise<void> {
  const member = fleetMember(send);
  const clients = fleetClients(plan, store, create, member.onEvent);
  await (await fetch(`${plan.serverUrl}/__count/warm-up`)).text();
  await store.get("warm-up");
  send({ type: "ready" });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const message = JSON.parse(line) as ControlMessage;
    if (message.type === "go") member.start(clients);
    if (message.type === "measure") member.measureFrom(message.from);
    if (message.type === "stop") {
      send({ type: "stats", stats: await member.stop() });
      return;
    }
  }
}
