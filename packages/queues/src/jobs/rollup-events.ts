import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, KEEP_FAILED } from '../retry';

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

/** No job id: a run is "count what is new", and the scheduler adds one every few seconds. */
export const rollupEventsJob = defineJob({
  name: 'rollup-events',
  queue: QUEUES.analyticsRollup,
  schema: rollupEventsPayloadSchema,
  options: {
    // A failed run changes nothing (one transaction per batch); the next tick retries anyway.
    ...exponentialRetries(3, 5_000),
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: KEEP_FAILED,
  },
  schedulerId: 'rollup-events',
});
