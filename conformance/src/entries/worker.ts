/**
 * workerd entry: a module worker. POST the env JSON; the answer is the results as JSON lines, summary last.
 * Bundled with @occ/core by esbuild and run by Miniflare without nodejs_compat.
 */
import type { ConformanceEnv } from "../context.ts";
import { runSuite } from "../run.ts";

export default {
  async fetch(request: Request): Promise<Response> {
    const env = (await request.json()) as ConformanceEnv;
    const results = await runSuite(env);
    const lines = [...results, { done: true, runtime: env.runtime, version: navigator.userAgent }].map((line) => JSON.stringify(line));
    return new Response(lines.join("\n") + "\n", { headers: { "content-type": "application/x-ndjson" } });
  },
};
