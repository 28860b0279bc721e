import type { Worker } from 'bullmq';
import { notificationDeliveries } from '@outreach/metrics';
import { flushReplyDigestJob, notifyAssigneeJob, notifyEventJob, notifyReplyJob, QUEUES, type RedisConnection } from '@outreach/queues';
import { createJobWorker } from '@outreach/runtime';
import type { NotifierDeps } from './deps';
import { processFlushReplyDigest } from './processors/flush-reply-digest';
import { processNotifyAssignee } from './processors/notify-assignee';
import { processNotifyEvent } from './processors/notify-event';
import { processNotifyReply } from './processors/notify-reply';

function countEmail<R extends { outcome: string }>(result: R): R {
  if (result.outcome !== 'empty')
    notificationDeliveries.inc({ channel: 'email', outcome: result.outcome.replace(/^already_\w+$/, 'unchanged') });
  return result;
}

export interface WorkerOptions {
  connection: RedisConnection;
  prefix: string;
  concurrency: number;
  /** Job lock lifetime; also how often stalled jobs (their worker died) are looked for. */
  lockDurationMs?: number;
}

export interface NotifierWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Starts the notifier's consumer of the `notifications` queue (replies, other events, digest flushes). */
export async function startNotifierWorkers(deps: NotifierDeps, options: WorkerOptions): Promise<NotifierWorkers> {
  const worker = createJobWorker(
    QUEUES.notifications,
    {
      [notifyReplyJob.name]: processNotifyReply,
      [notifyEventJob.name]: processNotifyEvent,
      // Emails outside dispatch (which counts its own channels) are counted here.
      [notifyAssigneeJob.name]: async (jobDeps, payload, ctx) => countEmail(await processNotifyAssignee(jobDeps, payload, ctx)),
      [flushReplyDigestJob.name]: async (jobDeps, payload, ctx) => countEmail(await processFlushReplyDigest(jobDeps, payload, ctx)),
    },
    {
      deps,
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDurationMs: options.lockDurationMs ?? 30_000,
    },
  );
  await worker.waitUntilReady();
  return {
    workers: [worker],
    // Waits for the jobs in hand to finish; a job cut short by a hard kill is retried (its lock expires).
    close: () => worker.close(),
  };
}
