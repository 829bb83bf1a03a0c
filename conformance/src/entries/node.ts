/**
 * Node entry (20, 22 and 24): `node node.ts '<env json>'`. Prints one JSON line per case, then a summary line.
 */
import { inspect } from "node:util";
import type { ConformanceEnv } from "../context.ts";
import { runSuite } from "../run.ts";

const env = JSON.parse(process.argv[2] ?? "") as ConformanceEnv;
const results = await runSuite(env, { report: (result) => console.log(JSON.stringify(result)), inspect: (value) => inspect(value) });
console.log(JSON.stringify({ done: true, runtime: env.runtime, version: process.version }));
process.exitCode = results.every((result) => result.ok) ? 0 : 1;
