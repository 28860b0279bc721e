import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  parsePayload,
  planWeeklyReportsJob,
  QUEUES,
  backfillConversationsJob,
  backfillConversationsPayloadSchema,
  rebuildRateUsageJob,
  rebuildRateUsagePayloadSchema,
  rollupEventsJob,
  rollupEventsPayloadSchema,
  ROLLUP_EVENTS_SCHEDULER_ID,
  upsertRollupEventsScheduler,
  sendWeeklyReportJob,
  sendWeeklyReportPayloadSchema,
  upsertWeeklyReportPlanner,
  WEEKLY_REPORT_PLANNER_ID,
} from '@outreach/queues';
import type { ReporterDeps } from './deps';
import { processPlanWeeklyReports } from './processors/plan-weekly-reports';
import { processBackfillConversations, processRebuildRateUsage } from './processors/analytics-backfills';
import { processRollupEvents } from './processors/rollup-events';
import { processSendWeeklyReport } from './processors/send-weekly-report';

/** Deps whose logger names the job, so every line of one job can be found together. */
const forJob = (deps: ReporterDeps, job: Job): ReporterDeps => ({
  ...deps,
  logger: deps.logger.child({ queue: job.queueName, job_name: job.name, job_id: job.id, attempt: job.attemptsMade + 1 }),
});

export interface WorkerOptions {
  connection: Redis;
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
  await upsertWeeklyReportPlanner(deps.queues.weeklyReports, everyMs);
  return true;
}

/** Starts the consumer of `weekly-reports` (the planner's ticks and the per-client sends) and registers the planner. */
export async function startReporterWorkers(deps: ReporterDeps, options: WorkerOptions): Promise<ReporterWorkers> {
  const worker = new Worker(
    QUEUES.weeklyReports,
    async (job: Job) => {
      if (job.name === planWeeklyReportsJob.name) {
        const result = await processPlanWeeklyReports(forJob(deps, job));
        return { enabled: result.enabled, clients: result.clients, due: result.due.length };
      }
      if (job.name === sendWeeklyReportJob.name) {
        const payload = parsePayload(sendWeeklyReportPayloadSchema, job.data, job.name);
        const isFinalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return processSendWeeklyReport(forJob(deps, job), payload, { isFinalAttempt });
      }
      throw new UnrecoverableError(`unknown job ${job.name} on ${QUEUES.weeklyReports}`);
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on('error', (err) => deps.logger.warn('worker error', { queue: worker.name, err: err.message }));
  worker.on('failed', (job, err) =>
    deps.logger.error('job failed', { queue: worker.name, job_id: job?.id, job_name: job?.name, attempt: job?.attemptsMade, err: err.message }),
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
 * runs serialise on the cursor's row lock anyway, and backfills are rare)
 * and its scheduler, registered unless it already runs at this interval.
 */
async function startRollupWorker(deps: ReporterDeps, options: WorkerOptions): Promise<Worker> {
  const worker = new Worker(
    QUEUES.analyticsRollup,
    async (job: Job) => {
      if (job.name === rollupEventsJob.name) return processRollupEvents(forJob(deps, job), parsePayload(rollupEventsPayloadSchema, job.data, job.name));
      if (job.name === rebuildRateUsageJob.name) return processRebuildRateUsage(forJob(deps, job), parsePayload(rebuildRateUsagePayloadSchema, job.data, job.name));
      if (job.name === backfillConversationsJob.name) return processBackfillConversations(forJob(deps, job), parsePayload(backfillConversationsPayloadSchema, job.data, job.name));
      throw new UnrecoverableError(`unknown job ${job.name} on ${QUEUES.analyticsRollup}`);
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (err) => deps.logger.warn('worker error', { queue: worker.name, err }));
  worker.on('failed', (job, err) => deps.logger.error('job failed', { queue: worker.name, job_id: job?.id, job_name: job?.name, attempt: job?.attemptsMade, err }));
  const existing = await deps.queues.analyticsRollup.getJobScheduler(ROLLUP_EVENTS_SCHEDULER_ID);
  if (existing?.every !== options.rollupEveryMs) await upsertRollupEventsScheduler(deps.queues.analyticsRollup, options.rollupEveryMs);
  return worker;
}
