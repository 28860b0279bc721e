import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/** Finds the clients whose report slot has passed this week and enqueues their reports (consumer: reporter). */
export const planWeeklyReportsPayloadSchema = z.object({});
export type PlanWeeklyReportsPayload = z.infer<typeof planWeeklyReportsPayloadSchema>;

export const planWeeklyReportsJob = {
  name: 'plan-weekly-reports',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 24 * 3600, count: 200 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** The id of the planner's job scheduler on the weekly-reports queue. */
export const WEEKLY_REPORT_PLANNER_ID = 'plan-weekly-reports';
