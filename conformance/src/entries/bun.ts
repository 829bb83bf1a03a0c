/**
 * Bun entry: `bun bun.ts '<env json>'`. Same output as the Node entry.
 */
import type { ConformanceEnv } from "../context.ts";
import { runSuite } from "../run.ts";

declare const Bun: { argv: string[]; version: string; inspect(value: unknown): string };

const env = JSON.parse(Bun.argv[2] ?? "") as ConformanceEnv;
const results = await runSuite(env, { report: (result) => console.log(JSON.stringify(result)), inspect: (value) => Bun.inspect(value) });
console.log(JSON.stringify({ done: true, runtime: env.runtime, version: Bun.version }));
if (!results.every((result) => result.ok)) process.exitCode = 1;
