import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, KEEP_FAILED } from '../retry';

/** The operator's request: a fresh id per request (they asked for a run now), readable in Bull Board. */
const requestId = z.uuid();

/**
 * Rebuilds `rate_usage` invite and message counters from `events` (consumer: reporter, on the
 * analytics-rollup queue). Idempotent: counters are only raised to what the events show.
 */
export const rebuildRateUsagePayloadSchema = z.object({
  requestId,
  /** One account; every account when absent. */
  linkedinAccountId: z.uuid().optional(),
  /** Account-local days back from today. */
  days: z.number().int().min(1).max(90),
});
export type RebuildRateUsagePayload = z.infer<typeof rebuildRateUsagePayloadSchema>;

/**
 * Fills missing chat ids of connected leads from stored messages and events (consumer: reporter).
 * Idempotent: only a null is ever written.
 */
export const backfillConversationsPayloadSchema = z.object({
  requestId,
  /** One client; every client when absent. */
  clientId: z.uuid().optional(),
});
export type BackfillConversationsPayload = z.infer<typeof backfillConversationsPayloadSchema>;

// One statement each; a retry re-runs it harmlessly. Failures kept for the operator who asked.
const options = { ...exponentialRetries(2, 5_000, 0), removeOnComplete: { age: 3600 }, removeOnFail: KEEP_FAILED };

export const rebuildRateUsageJob = defineJob({
  name: 'rebuild-rate-usage',
  queue: QUEUES.analyticsRollup,
  schema: rebuildRateUsagePayloadSchema,
  options,
  jobId: (p) => `rebuild-rate-usage-${p.requestId}`,
});

export const backfillConversationsJob = defineJob({
  name: 'backfill-conversations',
  queue: QUEUES.analyticsRollup,
  schema: backfillConversationsPayloadSchema,
  options,
  jobId: (p) => `backfill-conversations-${p.requestId}`,
});
