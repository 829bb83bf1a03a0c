/**
 * `pnpm bench:check`: judges the last run (bench/results.json) against the targets, on ratios and counts
 * only, and prints PASS or MISS per target. Exits 1 when any target is missed, so a script can act on it;
 * it runs nothing itself and is no part of any test suite.
 */
import { readFile } from "node:fs/promises";
import type { Results } from "./lib/results.ts";
import { verdicts } from "./lib/targets.ts";

const text = await readFile(new URL("../results.json", import.meta.url), "utf8").catch(() => undefined);
if (text === undefined) {
  process.stderr.write("bench/results.json not found: run `pnpm --filter @occ/bench bench` first.\n");
  process.exit(2);
}
const results = JSON.parse(text) as Results;
process.stdout.write(`Results from ${results.machine.date} (Node ${results.machine.node}, ${results.machine.cpu})\n`);
let missed = 0;
for (const v of verdicts(results)) {
  if (!v.pass) missed++;
  process.stdout.write(`${v.pass ? "PASS" : "MISS"}  ${v.target}: ${v.measured}\n`);
}
process.exitCode = missed === 0 ? 0 : 1;
