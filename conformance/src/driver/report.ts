import type { RuntimeOutcome } from "./runtimes.ts";

/** Whether a runtime passed: it reported every case and none failed. */
export function passed(outcome: RuntimeOutcome, caseCount: number): boolean {
  return outcome.completed && outcome.results.length === caseCount && outcome.results.every((result) => result.ok);
}

/** The matrix as a table, the failures under it, and a closing `N passed, N failed` line (cases × runtimes). */
export function formatReport(outcomes: readonly RuntimeOutcome[], caseCount: number): string {
  const header = ["runtime", "version", "result", "passed", "failed", "time"];
  const rows = outcomes.map((outcome) => {
    const failed = outcome.results.filter((result) => !result.ok).length;
    const missing = caseCount - outcome.results.length;
    return [
      outcome.runtime,
      outcome.version,
      passed(outcome, caseCount) ? "PASS" : "FAIL",
      String(outcome.results.length - failed),
      String(failed + missing),
      `${(outcome.ms / 1000).toFixed(1)} s`,
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  const out = [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];

  const failures: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.problem) failures.push(`  ${outcome.runtime}: did not finish: ${outcome.problem}`);
    for (const result of outcome.results) {
      if (!result.ok) failures.push(`  ${outcome.runtime}: ${result.case}\n      ${result.error}`);
    }
  }
  if (failures.length > 0) out.push("", "Failures:", ...failures);

  const total = outcomes.length * caseCount;
  const ok = outcomes.reduce((sum, outcome) => sum + outcome.results.filter((result) => result.ok).length, 0);
  out.push("", `${ok} passed, ${total - ok} failed`);
  return out.join("\n");
}
