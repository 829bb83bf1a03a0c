/**
 * Bun entry: `bun bun.ts '<env json>'`. Same output as the Node entry.
 */
import type { ConformanceEnv } from "../context.ts";
import { runSuite } from "../run.ts";

declare const Bun: { argv: string[]; version: string };

const env = JSON.parse(Bun.argv[2] ?? "") as ConformanceEnv;
const results = await runSuite(env, (result) => console.log(JSON.stringify(result)));
console.log(JSON.stringify({ done: true, runtime: env.runtime, version: Bun.version }));
if (!results.every((result) => result.ok)) process.exitCode = 1;
