/**
 * Runs every case in the current runtime and reports one result per case. Each runtime's entry calls this.
 */
import { createClient, type ClientOptions, type OccEvent } from "@occ/core";
import { describe } from "./assert.ts";
import type { ConformanceEnv, Context } from "./context.ts";
import { faultServer } from "./fault.ts";
import { findSecret, secretForms } from "./secrets.ts";
import { cases } from "./suite.ts";

/** The outcome of one case in one runtime; entries print it as one JSON line. */
export interface CaseResult {
  runtime: string;
  case: string;
  ok: boolean;
  /** Wall time; coarse in workerd, whose clock only moves on I/O. */
  ms: number;
  error?: string;
}

// Well above the slowest case (a 1 s Retry-After); a case that hangs must not hang the matrix.
const CASE_LIMIT_MS = 15_000;

/** What an entry hands the suite besides the env. */
export interface SuiteOptions {
  /** Called as each case finishes. */
  report?: (result: CaseResult) => void;
  /** The runtime's object inspector, for the secret-hygiene case. */
  inspect?: (value: unknown) => string;
}

/** Runs every case one after another. */
export async function runSuite(env: ConformanceEnv, options: SuiteOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  let sequence = 0;
  for (const testCase of cases) {
    const events: OccEvent[] = [];
    const secrets: string[] = [];
    const ctx: Context = {
      env,
      fault: faultServer(env.faultUrl),
      id: () => `${env.runtime}/${testCase.name.replace(/[^a-z0-9]+/gi, "-")}/${++sequence}-${crypto.randomUUID()}`,
      events,
      inspect: options.inspect,
      createClient(options: ClientOptions) {
        if (options.clientSecret) secrets.push(...secretForms(options.clientId, options.clientSecret));
        const onEvent = options.onEvent;
        return createClient({
          ...options,
          onEvent(event) {
            events.push(event);
            onEvent?.(event);
          },
        });
      },
    };
    const started = Date.now();
    let error: string | undefined;
    try {
      await withLimit(testCase.run(ctx), CASE_LIMIT_MS);
      error = leakedInEvents(events, secrets);
    } catch (caught) {
      error = describe(caught);
    }
    const result: CaseResult = { runtime: env.runtime, case: testCase.name, ok: error === undefined, ms: Date.now() - started };
    if (error !== undefined) result.error = error;
    results.push(result);
    options.report?.(result);
  }
  return results;
}

function leakedInEvents(events: readonly OccEvent[], secrets: readonly string[]): string | undefined {
  for (const event of events) {
    const error = "error" in event ? event.error : undefined;
    const text = [JSON.stringify(event), String(error), error instanceof Error ? error.stack : ""].join("\n");
    const hit = findSecret(text, secrets);
    if (hit) return `the client secret (${hit}) appears in a ${event.type} event`;
  }
  return undefined;
}

function withLimit(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`case did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
