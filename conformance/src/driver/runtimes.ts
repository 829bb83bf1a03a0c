import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import type { ConformanceEnv } from "../context.ts";
import type { CaseResult } from "../run.ts";
import type { Bundles } from "./bundle.ts";
import { ROOT, packageDir } from "./paths.ts";

/** What one runtime reported. */
export interface RuntimeOutcome {
  runtime: string;
  version: string;
  results: CaseResult[];
  /** False when the runtime crashed or hung before reporting every case. */
  completed: boolean;
  /** Why it did not complete: exit status and the end of stderr. */
  problem?: string;
  ms: number;
}

/** One row of the matrix. */
export interface Runtime {
  name: string;
  run(env: ConformanceEnv): Promise<RuntimeOutcome>;
}

// The suite takes ~10 s; this only stops a runtime that hangs from holding up the matrix.
const RUNTIME_LIMIT_MS = 120_000;

/** Every runtime of the matrix, in display order. */
export function runtimes(bundles: Bundles): Runtime[] {
  const nodeBin = (alias: string) => join(packageDir(alias), "bin", "node");
  const source = (entry: string) => join(ROOT, "src", "entries", entry);
  return [
    processRuntime("node20", nodeBin("node20"), [bundles.node20]),
    processRuntime("node22", nodeBin("node22"), [bundles.node22]),
    // Node 24 strips the types itself: it runs the TypeScript sources, no bundle.
    processRuntime("node24", nodeBin("node24"), [source("node.ts")]),
    processRuntime("deno", join(packageDir("deno"), "deno"), ["run", "--allow-net=127.0.0.1", "--allow-read", source("deno.ts")]),
    processRuntime("bun", join(packageDir("bun"), "bin", "bun.exe"), [source("bun.ts")]),
    workerdRuntime(bundles.worker),
  ];
}

/** Parses the entries' output: one JSON object per line, results then a `done` line. */
function parseLines(text: string): { results: CaseResult[]; version: string | undefined } {
  const results: CaseResult[] = [];
  let version: string | undefined;
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (value.done === true) version = String(value.version);
    else if (typeof value.case === "string") results.push(value as unknown as CaseResult);
  }
  return { results, version };
}

function processRuntime(name: string, command: string, args: string[]): Runtime {
  return {
    name,
    run: (env) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(command, [...args, JSON.stringify(env)], {
          cwd: ROOT,
          stdio: ["ignore", "pipe", "pipe"],
          // Deno would otherwise print its update check and colour codes into the JSON lines.
          env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        const timer = setTimeout(() => child.kill("SIGKILL"), RUNTIME_LIMIT_MS);
        const finish = (status: string) => {
          clearTimeout(timer);
          const { results, version } = parseLines(stdout);
          const completed = version !== undefined;
          const outcome: RuntimeOutcome = { runtime: name, version: version ?? "?", results, completed, ms: Date.now() - started };
          if (!completed) outcome.problem = `${status}; stderr: ${stderr.trim().split("\n").slice(-5).join(" | ") || "(empty)"}`;
          resolve(outcome);
        };
        child.on("error", (error) => finish(`could not start ${command}: ${error.message}`));
        child.on("close", (code, signal) => finish(signal ? `killed by ${signal}` : `exited with ${code}`));
      }),
  };
}

function workerdRuntime(bundle: string): Runtime {
  return {
    name: "workerd",
    async run(env) {
      const started = Date.now();
      const workerdManifest = createRequire(join(packageDir("miniflare"), "package.json")).resolve("workerd/package.json");
      const version = `workerd ${(JSON.parse(await readFile(workerdManifest, "utf8")) as { version: string }).version}`;
      const mf = new Miniflare({
        modules: true,
        scriptPath: bundle,
        script: await readFile(bundle, "utf8"),
        // No nodejs_compat: core must run on plain Workers.
        compatibilityDate: "2025-09-01",
      });
      try {
        const response = await mf.dispatchFetch("http://conformance.local/", {
          method: "POST",
          body: JSON.stringify(env),
          signal: AbortSignal.timeout(RUNTIME_LIMIT_MS),
        });
        const text = await response.text();
        const { results } = parseLines(text);
        const outcome: RuntimeOutcome = { runtime: "workerd", version, results, completed: response.ok, ms: Date.now() - started };
        if (!response.ok) outcome.problem = `worker answered ${response.status}: ${text.slice(0, 300)}`;
        return outcome;
      } catch (error) {
        return { runtime: "workerd", version, results: [], completed: false, problem: String(error), ms: Date.now() - started };
      } finally {
        await mf.dispose();
      }
    },
  };
}
