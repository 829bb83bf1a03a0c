/**
 * Runs the conformance suite on every runtime against real local servers and prints the matrix.
 * `node src/matrix.ts [runtime…]` — no names runs them all. Exits 1 if any runtime fails.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildBundles } from "./driver/bundle.ts";
import { formatReport, passed } from "./driver/report.ts";
import { runtimes, type Runtime, type RuntimeOutcome } from "./driver/runtimes.ts";
import { startServers } from "./driver/servers.ts";
import { cases } from "./suite.ts";

// Two cores on the CI machine: two runtimes at a time keeps the matrix short without starving the servers.
const PARALLEL = 2;

for (const name of ["@occ/core", "@occ/keys"]) {
  const entry = fileURLToPath(import.meta.resolve(name));
  if (!existsSync(entry)) {
    console.error(`${name} is not built (${entry} is missing): run \`pnpm --filter ${name} build\` first.`);
    process.exit(1);
  }
}

const started = Date.now();
const all = runtimes(await buildBundles());
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !all.some((runtime) => runtime.name === name));
if (unknown.length > 0) {
  console.error(`Unknown runtime(s): ${unknown.join(", ")}. Known: ${all.map((runtime) => runtime.name).join(", ")}`);
  process.exit(1);
}
const selected = wanted.length > 0 ? all.filter((runtime) => wanted.includes(runtime.name)) : all;

const servers = await startServers();
const outcomes = new Map<string, RuntimeOutcome>();
try {
  const queue = [...selected];
  const worker = async () => {
    for (let runtime: Runtime | undefined; (runtime = queue.shift()); ) {
      const outcome = await runtime.run(servers.envFor(runtime.name));
      outcomes.set(runtime.name, outcome);
      console.log(`${runtime.name}: ${passed(outcome, cases.length) ? "pass" : "FAIL"} (${(outcome.ms / 1000).toFixed(1)} s)`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
} finally {
  await servers.close();
}

const ordered = selected.map((runtime) => outcomes.get(runtime.name)!);
console.log(`\nconformance: ${cases.length} cases × ${ordered.length} runtimes in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
console.log(formatReport(ordered, cases.length));
process.exitCode = ordered.every((outcome) => passed(outcome, cases.length)) ? 0 : 1;
