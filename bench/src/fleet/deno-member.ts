/**
 * One fleet instance in a Deno process of its own, sharing tokens through one Deno KV file: `denoKvStore` from
 * `@occ/deno`. Started by the orchestrator with the real deno binary (`--unstable-kv`); speaks the protocol of
 * member-control.ts on stdin and stdout.
 */
import { createClient, denoKvStore } from "@occ/deno";
import type { FleetPlan } from "./fleet-clients.ts";
import { type Send, serveMember } from "./member-control.ts";

const plan = JSON.parse(Deno.args[0] ?? "") as FleetPlan & { kvPath: string };
const encoder = new TextEncoder();
const send: Send = (message) => {
  const bytes = encoder.encode(`${JSON.stringify(message)}\n`);
  // writeSync may write part of a large line (the stats) and return how much.
  for (let written = 0; written < bytes.length; ) written += Deno.stdout.writeSync(bytes.subarray(written));
};

/** stdin, line by line. */
async function* stdinLines(): AsyncGenerator<string> {
  let buffered = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    yield* lines;
  }
}

const kv = await Deno.openKv(plan.kvPath);
await serveMember({ plan, store: denoKvStore(kv, { prefix: "occ-fleet" }), create: createClient, lines: stdinLines(), send });
Deno.exit(0);
