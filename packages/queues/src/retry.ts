import type { JobsOptions } from 'bullmq';

const DAY_S = 24 * 3600;

/**
 * Failed jobs are the dead-letter record (style §12): kept two weeks for inspection and redrive,
 * never `removeOnFail: true`.
 */
export const KEEP_FAILED = { age: 14 * DAY_S } as const;

/** Completed jobs kept `days` days: a re-add under the same job id within that time stays a no-op. */
export const keepCompletedDays = (days: number) => ({ age: days * DAY_S }) as const;

/**
 * `attempts` tries in all, the n-th retry after `firstDelayMs · 2^(n-1)`, spread by `jitter` (a
 * share of the delay) so jobs that failed together do not retry together.
 */
export function exponentialRetries(attempts: number, firstDelayMs: number, jitter = 0.3): Pick<JobsOptions, 'attempts' | 'backoff'> {
  return {
    attempts,
    backoff: jitter > 0 ? { type: 'exponential', delay: firstDelayMs, jitter } : { type: 'exponential', delay: firstDelayMs },
  };
}

/**
 * Notifications call client-owned endpoints (Resend, Slack, webhooks): 10 tries from 2 s, about an
 * hour and a half (2 s … ~17 min) before the job is given up.
 */
export const NOTIFICATION_RETRIES = exponentialRetries(10, 2000);

/** Planners are idempotent and run again soon anyway: three tries, 10 s apart and doubling. */
export const PLANNER_RETRIES = exponentialRetries(3, 10_000, 0);
