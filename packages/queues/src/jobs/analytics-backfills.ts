import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/**
 * Rebuilds `rate_usage` invite and message counters from `events` (consumer: reporter, on the
 * analytics-rollup queue). Idempotent: counters are only raised to what the events show.
 */
export const rebuildRateUsagePayloadSchema = z.object({
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
  /** One client; every client when absent. */
  clientId: z.uuid().optional(),
});
export type BackfillConversationsPayload = z.infer<typeof backfillConversationsPayloadSchema>;

// One statement each; a retry re-runs it harmlessly. Failures kept for the operator who asked.
const options = {
  attempts: 2,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 3600 },
  removeOnFail: { age: 14 * 24 * 3600 },
} satisfies JobsOptions;

export const rebuildRateUsageJob = { name: 'rebuild-rate-usage', options } as const;
export const backfillConversationsJob = { name: 'backfill-conversations', options } as const;

/** A fresh id per request (the operator asked for a run now), readable in Bull Board. */
export const analyticsBackfillJobId = (name: string, requestId: string): string => `${name}-${requestId}`;
