/**
 * Call latencies of a whole fleet without shipping every sample between processes: a histogram with 10 µs buckets
 * below 1 ms, 0.1 ms buckets to 100 ms and 10 ms buckets above, mergeable across instances, plus the exact worst.
 * Runtime-neutral: it runs in Node, Deno and workerd.
 */

export interface Histogram {
  /** Samples per bucket index. */
  counts: Record<number, number>;
  samples: number;
  /** The largest sample, exact. */
  worstMs: number;
  /** Samples above `slowMs`. */
  slow: number;
}

export const emptyHistogram = (): Histogram => ({ counts: {}, samples: 0, worstMs: 0, slow: 0 });

function bucketOf(ms: number): number {
  if (ms < 1) return Math.floor(Math.max(0, ms) * 100);
  if (ms < 100) return 100 + Math.floor((ms - 1) * 10);
  return 1090 + Math.floor((ms - 100) / 10);
}

/** The upper edge of a bucket: percentiles are reported at it, never below the true value. */
function upperEdgeOf(bucket: number): number {
  if (bucket < 100) return (bucket + 1) / 100;
  if (bucket < 1090) return 1 + (bucket - 99) / 10;
  return 100 + (bucket - 1089) * 10;
}

export function record(histogram: Histogram, ms: number, slowMs: number): void {
  const bucket = bucketOf(ms);
  histogram.counts[bucket] = (histogram.counts[bucket] ?? 0) + 1;
  histogram.samples++;
  if (ms > histogram.worstMs) histogram.worstMs = ms;
  if (ms > slowMs) histogram.slow++;
}

export function merge(histograms: readonly Histogram[]): Histogram {
  const merged = emptyHistogram();
  for (const h of histograms) {
    for (const [bucket, count] of Object.entries(h.counts)) merged.counts[Number(bucket)] = (merged.counts[Number(bucket)] ?? 0) + count;
    merged.samples += h.samples;
    merged.worstMs = Math.max(merged.worstMs, h.worstMs);
    merged.slow += h.slow;
  }
  return merged;
}

/** The value below which `p` percent of the samples lie (nearest rank, at its bucket's upper edge, capped at the worst). */
export function percentileOf(histogram: Histogram, p: number): number {
  if (histogram.samples === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * histogram.samples));
  let seen = 0;
  const buckets = Object.keys(histogram.counts).map(Number).sort((a, b) => a - b);
  for (const bucket of buckets) {
    seen += histogram.counts[bucket]!;
    if (seen >= rank) return Math.min(upperEdgeOf(bucket), histogram.worstMs);
  }
  return histogram.worstMs;
}
