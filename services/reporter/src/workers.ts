import type { Worker } from 'bullmq';
import {
  backfillConversationsJob,
  planWeeklyReportsJob,
  QUEUES,
  rebuildRateUsageJob,
  rollupEventsJob,
  schedule,
  sendWeeklyReportJob,
  WEEKLY_REPORT_PLANNER_ID,
  type RedisConnection,
} from '@outreach/queues';
import { createJobWorker } from '@outreach/runtime';
import type { ReporterDeps } from './deps';
import { processPlanWeeklyReports } from './processors/plan-weekly-reports';
import { processBackfillConversations, processRebuildRateUsage } from './processors/analytics-backfills';
import { processRollupEvents } from './processors/rollup-events';
import { processSendWeeklyReport } from './processors/send-weekly-report';

export interface WorkerOptions {
  connection: RedisConnection;
  prefix: string;
  concurrency: number;
  /** How often the planner runs (REPORT_PLAN_EVERY_SECONDS). */
  planEveryMs: number;
  /** How often the analytics rollup runs (ANALYTICS_ROLLUP_EVERY_SECONDS). */
  rollupEveryMs: number;
}

export interface ReporterWorkers {
  worker: Worker;
  rollupWorker: Worker;
  close(): Promise<void>;
}

/**
 * Registers the planner's job scheduler unless it already runs at this interval: upserting an
 * unchanged scheduler would push its next run back on every deploy.
 */
export async function ensureWeeklyReportPlanner(deps: ReporterDeps, everyMs: number): Promise<boolean> {
  const existing = await deps.queues.weeklyReports.getJobScheduler(WEEKLY_REPORT_PLANNER_ID);
  if (existing?.every === everyMs) return false;
  await schedule(deps.queues, planWeeklyReportsJob, WEEKLY_REPORT_PLANNER_ID, { every: everyMs }, {});
  return true;
}

/** Starts the consumer of `weekly-reports` (the planner's ticks and the per-client sends) and registers the planner. */
export async function startReporterWorkers(deps: ReporterDeps, options: WorkerOptions): Promise<ReporterWorkers> {
  const worker = createJobWorker(
    QUEUES.weeklyReports,
    {
      [planWeeklyReportsJob.name]: async (jobDeps) => {
        const result = await processPlanWeeklyReports(jobDeps);
        return { enabled: result.enabled, clients: result.clients, due: result.due.length };
      },
      [sendWeeklyReportJob.name]: processSendWeeklyReport,
    },
    { deps, connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  );

  await ensureWeeklyReportPlanner(deps, options.planEveryMs);
  const rollupWorker = await startRollupWorker(deps, options);

  return {
    worker,
    rollupWorker,
    // Waits for the reports in hand; one cut short by a hard kill is retried and skips copies already sent.
    close: async () => {
      await Promise.all([worker.close(), rollupWorker.close()]);
    },
  };
}

/**
 * The analytics-rollup queue's consumer: the rollup and the admin backfills (concurrency 1: rollup
 * runs serialise on the cursor's row lock anyway, and backfills are rare), and the rollup's
 * scheduler, registered unless it already runs at this interval.
 */
async function startRollupWorker(deps: ReporterDeps, options: WorkerOptions): Promise<Worker> {
  const worker = createJobWorker(
    QUEUES.analyticsRollup,
    {
      [rollupEventsJob.name]: processRollupEvents,
      [rebuildRateUsageJob.name]: processRebuildRateUsage,
      [backfillConversationsJob.name]: processBackfillConversations,
    },
    { deps, connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  const existing = await deps.queues.analyticsRollup.getJobScheduler(rollupEventsJob.schedulerId);
  if (existing?.every !== options.rollupEveryMs)
    await schedule(deps.queues, rollupEventsJob, rollupEventsJob.schedulerId, { every: options.rollupEveryMs }, {});
  return worker;
}
