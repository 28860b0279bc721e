import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  parsePayload,
  pollRepliesJob,
  pollRepliesPayloadSchema,
  processDeliveryJob,
  processDeliveryPayloadSchema,
  QUEUES,
  reopenSnoozedJob,
  upsertReopenSnoozed,
  syncConnectionsJob,
  syncConnectionsPayloadSchema,
  syncReplyPollersJob,
  upsertReplyPollerSync,
} from '@outreach/queues';
import type { MatcherDeps } from './deps';
import { processPollReplies } from './processors/poll-replies';
import { processReopenSnoozed } from './processors/reopen-snoozed';
import { processProcessDelivery } from './processors/process-delivery';
import { processSyncConnections } from './processors/sync-connections';
import { processSyncReplyPollers } from './processors/sync-reply-pollers';

/** Deps whose logger names the job, so every line of one job can be found together. */
const forJob = (deps: MatcherDeps, job: Job): MatcherDeps => ({
  ...deps,
  logger: deps.logger.child({ queue: job.queueName, job_name: job.name, job_id: job.id, attempt: job.attemptsMade + 1 }),
});

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** Job lock lifetime; also how often stalled jobs (their worker died) are looked for. */
  lockDurationMs?: number;
  /** How often the per-account pollers are reconciled with the accounts table. */
  pollerSyncEveryMs?: number;
  /** How often elapsed inbox snoozes are reopened (30 s: within 60 s of their time). */
  snoozeCheckEveryMs?: number;
}

export interface MatcherWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Starts the reply-matcher's consumers: webhook deliveries, the reply-backfill queue (per-account
 * polls and the job that keeps one poller per account), and connection syncs.
 */
export async function startMatcherWorkers(deps: MatcherDeps, options: WorkerOptions): Promise<MatcherWorkers> {
  const lockDuration = options.lockDurationMs ?? 30_000;
  const common = { connection: options.connection, prefix: options.prefix, lockDuration, stalledInterval: lockDuration };

  const deliveries = new Worker(
    QUEUES.unipileDeliveries,
    async (job: Job) => {
      const payload = parsePayload(processDeliveryPayloadSchema, job.data, processDeliveryJob.name);
      const result = await processProcessDelivery(forJob(deps, job), payload);
      return { outcome: result.outcome, duplicate: result.duplicate, lead_id: result.leadId ?? null };
    },
    { ...common, concurrency: options.concurrency },
  );

  const backfill = new Worker(
    QUEUES.replyBackfill,
    async (job: Job) => {
      if (job.name === syncReplyPollersJob.name) return processSyncReplyPollers(forJob(deps, job));
      if (job.name === reopenSnoozedJob.name) return processReopenSnoozed(forJob(deps, job));
      if (job.name === pollRepliesJob.name) return processPollReplies(forJob(deps, job), parsePayload(pollRepliesPayloadSchema, job.data, job.name));
      throw new Error(`unknown job ${job.name} on ${QUEUES.replyBackfill}`);
    },
    { ...common, concurrency: 2 },
  );

  // One sync at a time per process: each pages relations and may look up profiles on LinkedIn.
  const connections = new Worker(
    QUEUES.connectionSync,
    async (job: Job) => {
      if (job.name !== syncConnectionsJob.name) throw new UnrecoverableError(`unknown job ${job.name} on ${QUEUES.connectionSync}`);
      return processSyncConnections(forJob(deps, job), parsePayload(syncConnectionsPayloadSchema, job.data, job.name));
    },
    { ...common, concurrency: 1 },
  );

  const workers = [deliveries, backfill, connections];
  for (const worker of workers) {
    worker.on('error', (err) => deps.logger.warn('worker error', { queue: worker.name, err: err.message }));
    worker.on('failed', (job, err) =>
      deps.logger.error('job failed', { queue: worker.name, job_id: job?.id, job_name: job?.name, attempt: job?.attemptsMade, err: err.message }),
    );
  }

  await upsertReplyPollerSync(deps.queues.replyBackfill, options.pollerSyncEveryMs ?? 60_000);
  await upsertReopenSnoozed(deps.queues.replyBackfill, options.snoozeCheckEveryMs);

  return {
    workers,
    // Waits for the jobs in hand to finish; a job cut short by a hard kill is retried (its lock expires).
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
