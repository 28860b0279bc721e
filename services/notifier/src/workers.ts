import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  flushReplyDigestJob,
  flushReplyDigestPayloadSchema,
  notifyAssigneeJob,
  notifyAssigneePayloadSchema,
  notifyEventJob,
  notifyEventPayloadSchema,
  notifyReplyJob,
  notifyReplyPayloadSchema,
  parsePayload,
  QUEUES,
} from '@outreach/queues';
import type { NotifierDeps } from './deps';
import type { JobContext } from './notifications';
import { processFlushReplyDigest } from './processors/flush-reply-digest';
import { processNotifyAssignee } from './processors/notify-assignee';
import { processNotifyEvent } from './processors/notify-event';
import { processNotifyReply } from './processors/notify-reply';

/** Deps whose logger names the job, so every line of one job can be found together. */
const forJob = (deps: NotifierDeps, job: Job): NotifierDeps => ({
  ...deps,
  logger: deps.logger.child({ queue: job.queueName, job_name: job.name, job_id: job.id, attempt: job.attemptsMade + 1 }),
});

/** `attemptsMade` counts the failed attempts before this one. */
const contextOf = (job: Job): JobContext => ({ isFinalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** Job lock lifetime; also how often stalled jobs (their worker died) are looked for. */
  lockDurationMs?: number;
}

export interface NotifierWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Routes one job of the `notifications` queue to its processor. */
export async function handleNotificationJob(deps: NotifierDeps, job: Job): Promise<unknown> {
  switch (job.name) {
    case notifyReplyJob.name:
      return processNotifyReply(forJob(deps, job), parsePayload(notifyReplyPayloadSchema, job.data, job.name), contextOf(job));
    case notifyEventJob.name:
      return processNotifyEvent(forJob(deps, job), parsePayload(notifyEventPayloadSchema, job.data, job.name), contextOf(job));
    case notifyAssigneeJob.name:
      return processNotifyAssignee(forJob(deps, job), parsePayload(notifyAssigneePayloadSchema, job.data, job.name), contextOf(job));
    case flushReplyDigestJob.name:
      return processFlushReplyDigest(forJob(deps, job), parsePayload(flushReplyDigestPayloadSchema, job.data, job.name), contextOf(job));
    default:
      throw new UnrecoverableError(`unknown job ${job.name} on ${QUEUES.notifications}`);
  }
}

/** Starts the notifier's consumer of the `notifications` queue (replies, other events, digest flushes). */
export async function startNotifierWorkers(deps: NotifierDeps, options: WorkerOptions): Promise<NotifierWorkers> {
  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker(QUEUES.notifications, (job: Job) => handleNotificationJob(deps, job), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration,
    stalledInterval: lockDuration,
  });
  worker.on('error', (err) => deps.logger.warn('worker error', { queue: worker.name, err: err.message }));
  worker.on('failed', (job, err) =>
    deps.logger.error('job failed', { queue: worker.name, job_id: job?.id, job_name: job?.name, attempt: job?.attemptsMade, err: err.message }),
  );
  await worker.waitUntilReady();
  return {
    workers: [worker],
    // Waits for the jobs in hand to finish; a job cut short by a hard kill is retried (its lock expires).
    close: async () => {
      await worker.close();
    },
  };
}
