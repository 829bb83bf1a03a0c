/**
 * `pnpm fuzz` (from the repository root or packages/core): generated token responses against the BUILT package.
 *   node fuzz/run.ts [--count N] [--seed S]     default 1 000 000 cases from seed 1
 * Prints the count, the time and every failing seed with what it violated; exits 1 on any failure.
 */
import { parseArgs } from "node:util";
import * as occ from "../dist/index.js";
import { generate } from "./generate.ts";
import { fuzz } from "./invariants.ts";

const { values } = parseArgs({ options: { count: { type: "string", default: "1000000" }, seed: { type: "string", default: "1" } } });
const count = Number(values.count);
const seed = Number(values.seed);
const started = performance.now();
let done = 0;
const failures = [];
const BATCH = 50_000;
for (let from = seed; from < seed + count; from += BATCH) {
  const size = Math.min(BATCH, seed + count - from);
  failures.push(...(await fuzz(occ as never, from, size, generate)));
  done += size;
  process.stderr.write(`\r${done} cases, ${failures.length} failures, ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
process.stderr.write("\n");
for (const failure of failures.slice(0, 50)) console.log(`seed ${failure.seed}: ${failure.problem}`);
console.log(`fuzz: ${count} generated token responses from seed ${seed} in ${((performance.now() - started) / 1000).toFixed(1)} s — ${failures.length} failures`);
process.exitCode = failures.length > 0 ? 1 : 0;
