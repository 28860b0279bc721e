import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, keepCompletedDays, KEEP_FAILED } from '../retry';

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

/** Deterministic: one job per client and week, however often the planner runs. */
export const sendWeeklyReportJobId = (clientId: string, week: string): string => `weekly-report-${clientId}-${week}`;

export const sendWeeklyReportJob = defineJob({
  name: 'send-weekly-report',
  queue: QUEUES.weeklyReports,
  schema: sendWeeklyReportPayloadSchema,
  options: {
    // Retries cover Resend 429/5xx; recipients already sent are skipped by the emails table.
    ...exponentialRetries(8, 30_000),
    // Kept past the end of the following week, so the planner's re-enqueues stay no-ops.
    removeOnComplete: keepCompletedDays(9),
    removeOnFail: KEEP_FAILED,
  },
  jobId: (p) => sendWeeklyReportJobId(p.clientId, p.week),
});
