/**
 * `pnpm bench:check`: judges the last runs (bench/results.json from `pnpm bench`, bench/fleet-results.json from
 * `pnpm bench:fleet`) against the targets, on ratios and counts only, and prints PASS or MISS per target. Exits 1
 * when any target is missed, so a script can act on it; it runs nothing itself and is no part of any test suite.
 */
import { readFile } from "node:fs/promises";
import type { FleetResults } from "./fleet/fleet-results.ts";
import type { Results } from "./lib/results.ts";
import { fleetVerdicts, type Verdict, verdicts } from "./lib/targets.ts";

const read = <T>(file: string) =>
  readFile(new URL(`../${file}`, import.meta.url), "utf8").then(
    (text) => JSON.parse(text) as T,
    () => undefined,
  );
const [results, fleet] = await Promise.all([read<Results>("results.json"), read<FleetResults>("fleet-results.json")]);
if (results === undefined && fleet === undefined) {
  process.stderr.write("bench/results.json and bench/fleet-results.json not found: run `pnpm bench` or `pnpm bench:fleet` first.\n");
  process.exit(2);
}
let missed = 0;
function judge(title: string, all: Verdict[]): void {
  process.stdout.write(`${title}\n`);
  for (const v of all) {
    if (!v.pass) missed++;
    process.stdout.write(`${v.pass ? "PASS" : "MISS"}  ${v.target}: ${v.measured}\n`);
  }
}
if (results) judge(`Results from ${results.machine.date} (Node ${results.machine.node}, ${results.machine.cpu})`, verdicts(results));
if (fleet) judge(`Fleet results from ${fleet.machine.date} (Node ${fleet.machine.node}, ${fleet.machine.cpu})`, fleetVerdicts(fleet));
process.exitCode = missed === 0 ? 0 : 1;
