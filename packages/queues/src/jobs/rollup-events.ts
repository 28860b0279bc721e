import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/**
 * Counts new `events` into the analytics rollups (consumer: reporter). Carries no period: each run
 * starts from the cursor in Postgres, so a retry, a duplicate or two workers at once count every
 * event exactly once (the cursor row lock serialises them).
 */
export const rollupEventsPayloadSchema = z.object({
  /** Batches per run, at most; the scheduler's next tick continues. Optional: scheduler jobs carry `{}`. */
  maxBatches: z.number().int().min(1).max(1_000).optional(),
});
export type RollupEventsPayload = z.infer<typeof rollupEventsPayloadSchema>;

export const rollupEventsJob = {
  name: 'rollup-events',
  options: {
    // A failed run changes nothing (one transaction per batch); the next tick retries anyway.
    attempts: 3,
    backoff: { type: 'exponential', delay: 5_000, jitter: 0.3 },
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** The id of the rollup's job scheduler on the analytics-rollup queue. */
export const ROLLUP_EVENTS_SCHEDULER_ID = 'rollup-events';
/** Deterministic id of an on-demand run (e.g. an admin backfill): one waiting run at a time is enough. */
export const rollupEventsJobId = (reason: string): string => `rollup-events-${reason}`;
