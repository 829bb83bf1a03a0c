/** The value below which `p` percent of `sorted` lies (nearest rank). `sorted` must be ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

/** The median of a set of round results with its spread, the form every figure in RESULTS.md takes. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  rounds: number;
}

/** Median and min–max of the per-round values. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    rounds: sorted.length,
  };
}

/** Per-round ratios a[i] / b[i]; rounds are paired so drift on a shared machine cancels out. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / (b[i] as number));
}

/** Ascending copy, for percentile(). */
export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
