/**
 * Deno entry: `deno run --allow-net=127.0.0.1 --allow-read deno.ts '<env json>'`. Same output as the Node entry.
 */
import type { ConformanceEnv } from "../context.ts";
import { runSuite } from "../run.ts";

declare const Deno: { args: string[]; version: { deno: string }; exitCode: number; inspect(value: unknown): string };

const env = JSON.parse(Deno.args[0] ?? "") as ConformanceEnv;
const results = await runSuite(env, { report: (result) => console.log(JSON.stringify(result)), inspect: (value) => Deno.inspect(value) });
console.log(JSON.stringify({ done: true, runtime: env.runtime, version: Deno.version.deno }));
Deno.exitCode = results.every((result) => result.ok) ? 0 : 1;
