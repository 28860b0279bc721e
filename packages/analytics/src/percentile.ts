/**
 * The p-th percentile (0 ≤ p ≤ 1) by linear interpolation between closest ranks: rank
 * h = (n − 1)·p, value = x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋+1 − x⌊h⌋) over the sorted sample (Hyndman & Fan
 * type 7, the default of R, NumPy and spreadsheets' PERCENTILE.INC). So p50 is the median (the
 * mean of the two middle values for an even count) and on 1…10 h p50 = 5.5 h, p90 = 9.1 h.
 * Null for an empty sample.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile p must be within [0, 1], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo] as number;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return below + (h - lo) * (above - below);
}

/** The median: {@link percentile} at 0.5. */
export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}
