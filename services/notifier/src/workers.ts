import type { Worker } from 'bullmq';
import { flushReplyDigestJob, notifyAssigneeJob, notifyEventJob, notifyReplyJob, QUEUES, type RedisConnection } from '@outreach/queues';
import { createJobWorker } from '@outreach/runtime';
import type { NotifierDeps } from './deps';
import { processFlushReplyDigest } from './processors/flush-reply-digest';
import { processNotifyAssignee } from './processors/notify-assignee';
import { processNotifyEvent } from './processors/notify-event';
import { processNotifyReply } from './processors/notify-reply';

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
      [notifyAssigneeJob.name]: processNotifyAssignee,
      [flushReplyDigestJob.name]: processFlushReplyDigest,
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
