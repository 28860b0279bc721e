import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { KEEP_FAILED, PLANNER_RETRIES } from '../retry';

/** Finds the clients whose report slot has passed this week and enqueues their reports (consumer: reporter). */
export const planWeeklyReportsPayloadSchema = z.object({});
export type PlanWeeklyReportsPayload = z.infer<typeof planWeeklyReportsPayloadSchema>;

/** The id of the planner's job scheduler on the weekly-reports queue. */
export const WEEKLY_REPORT_PLANNER_ID = 'plan-weekly-reports';

export const planWeeklyReportsJob = defineJob({
  name: 'plan-weekly-reports',
  queue: QUEUES.weeklyReports,
  schema: planWeeklyReportsPayloadSchema,
  options: {
    ...PLANNER_RETRIES,
    removeOnComplete: { age: 24 * 3600, count: 200 },
    removeOnFail: KEEP_FAILED,
  },
  schedulerId: WEEKLY_REPORT_PLANNER_ID,
});
