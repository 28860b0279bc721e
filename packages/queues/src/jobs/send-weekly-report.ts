import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/**
 * Sends one client's weekly report for one ISO week (consumer: reporter). The week is in the
 * payload, never derived from the clock, so a retry or a late run reports the same period.
 */
export const sendWeeklyReportPayloadSchema = z.object({
  clientId: z.uuid(),
  /** ISO week `YYYY-Www` in the client's zone; the consumer rejects week 53 of a 52-week year. */
  week: z.string().regex(/^\d{4}-W\d{2}$/, 'an ISO week such as 2026-W13'),
});
export type SendWeeklyReportPayload = z.infer<typeof sendWeeklyReportPayloadSchema>;

export const sendWeeklyReportJob = {
  name: 'send-weekly-report',
  options: {
    // Retries cover Resend 429/5xx; recipients already sent are skipped by the emails table.
    attempts: 8,
    backoff: { type: 'exponential', delay: 30_000, jitter: 0.3 },
    // Kept past the end of the following week, so the planner's re-enqueues stay no-ops.
    removeOnComplete: { age: 9 * 24 * 3600 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** Deterministic: one job per client and week, however often the planner runs. */
export const sendWeeklyReportJobId = (clientId: string, week: string): string => `weekly-report-${clientId}-${week}`;
