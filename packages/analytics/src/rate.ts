/**
 * A rate always carries its numerator, its denominator and what the denominator counts, so a
 * reader can never mistake "replies over accepted" for "replies over contacted".
 */
export interface Rate {
  num: number;
  den: number;
  /** What `den` counts, e.g. `leads_contacted` (see the package README for each figure). */
  den_name: string;
  /** num ÷ den; null when den is 0 (no rate, not a zero rate). */
  value: number | null;
}

/** Builds a {@link Rate}; `value` is null when `den` is 0. */
export function rate(num: number, den: number, denName: string): Rate {
  return { num, den, den_name: denName, value: den === 0 ? null : num / den };
}

/** A rate with its sample size and a Wilson 95 % interval (for comparing entities of different sizes). */
export interface RateWithInterval extends Rate {
  n: number;
  /** [low, high] of the Wilson score interval; null when den is 0. */
  ci95: [number, number] | null;
}

const Z95 = 1.959963984540054;

/**
 * Wilson score interval for `num` successes out of `den` trials. Chosen over the normal
 * approximation because it stays inside [0, 1] and behaves for small samples and rates near 0 or 1.
 * A rate above 1 (a period rate whose numerator is not a subset) is clamped to the trials' count.
 */
export function wilsonInterval(num: number, den: number, z = Z95): [number, number] | null {
  if (den <= 0) return null;
  const p = Math.min(num, den) / den;
  const z2 = z * z;
  const centre = (p + z2 / (2 * den)) / (1 + z2 / den);
  const half = (z / (1 + z2 / den)) * Math.sqrt((p * (1 - p)) / den + z2 / (4 * den * den));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A rate with `n` and its Wilson 95 % interval. */
export function rateWithInterval(num: number, den: number, denName: string): RateWithInterval {
  return { ...rate(num, den, denName), n: den, ci95: wilsonInterval(num, den) };
}
