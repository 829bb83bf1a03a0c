/** How a check ended: `warn` does not fail the run, `skip` says why the check did not apply. */
export type Verdict = "ok" | "warn" | "fail" | "skip";

/** One line of the doctor's report. */
export interface CheckResult {
  /** What was checked: "configuration", "reachability", "TLS", "discovery", "client authentication", … */
  name: string;
  verdict: Verdict;
  /** What was found, in plain words. */
  summary: string;
  /** What to change, for `warn` and `fail`. */
  advice?: string;
  /** A network failure: the run exits with 3, not 1. */
  unreachable?: boolean;
}

const RANK: Record<Verdict, number> = { skip: 0, ok: 1, warn: 2, fail: 3 };

/** The worse of two verdicts. */
export function worst(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/** A check result, with `advice` only when there is some. */
export function result(name: string, verdict: Verdict, summary: string, advice?: string, unreachable?: boolean): CheckResult {
  const check: CheckResult = { name, verdict, summary };
  if (advice !== undefined) check.advice = advice;
  if (unreachable === true) check.unreachable = true;
  return check;
}
