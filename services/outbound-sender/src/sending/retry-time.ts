import type { TakeResult } from '@outreach/rate-limits';

type Refusal = Extract<TakeResult, { ok: false }>;

/**
 * When a job refused a token comes back. For spacing, every waiting job of the account is told the
 * same "next" instant; sent back all at once they would stampede and all but one be refused again.
 * A random spread of a few spacing gaps lets them return one by one — still no retry loop, each
 * job waits in the delayed set. Caps reset at a fixed moment (local midnight): no spread needed
 * beyond the spacing that applies then.
 */
export function retryTime(refusal: Refusal, account: { maxActionSpacingSeconds: number }, random: () => number = Math.random): Date {
  if (refusal.reason !== 'spacing') return refusal.retryAt;
  const spreadMs = Math.max(1000, account.maxActionSpacingSeconds * 1000) * 3;
  return new Date(refusal.retryAt.getTime() + Math.floor(random() * spreadMs));
}
