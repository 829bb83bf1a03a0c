import { EXIT, type ExitCode } from "../exit-codes.js";
import type { Output } from "../output.js";
import type { CheckResult } from "./check.js";

/** The exit code of a run: configuration first, then the network, then any failed check. */
export function exitCodeOf(checks: readonly CheckResult[]): ExitCode {
  const failed = checks.filter((c) => c.verdict === "fail");
  if (failed.some((c) => c.name === "configuration")) return EXIT.usage;
  if (failed.some((c) => c.unreachable === true)) return EXIT.unreachable;
  return failed.length > 0 ? EXIT.failed : EXIT.ok;
}

const LABEL = { ok: "ok  ", warn: "WARN", fail: "FAIL", skip: "skip" } as const;

/** Prints one check as it completes: verdict, name, what was found, and what to change. */
export function printCheck(output: Output, check: CheckResult): void {
  output.out(`${LABEL[check.verdict]}  ${check.name.padEnd(22)}${check.summary}\n`);
  if (check.advice !== undefined) output.out(`${" ".repeat(28)}→ ${check.advice}\n`);
}

/** The closing line. */
export function printVerdict(output: Output, checks: readonly CheckResult[], exitCode: ExitCode): void {
  const failed = checks.filter((c) => c.verdict === "fail").length;
  const warned = checks.filter((c) => c.verdict === "warn").length;
  const words = failed === 0 && warned === 0 ? "all checks passed" : `${failed} failed, ${warned} warning${warned === 1 ? "" : "s"}`;
  output.out(`\n${words} (exit ${exitCode})\n`);
}

/** `occ doctor --json`. */
export function jsonDoctorReport(checks: readonly CheckResult[], exitCode: ExitCode): string {
  return `${JSON.stringify({ exitCode, checks }, null, 2)}\n`;
}
