import type { Worker } from 'bullmq';
import {
  COMPACT_INBOX_COUNTS_EVERY_MS,
  compactInboxCountsJob,
  pollRepliesJob,
  processDeliveryJob,
  QUEUES,
  REOPEN_SNOOZED_EVERY_MS,
  reopenSnoozedJob,
  schedule,
  SWEEP_INBOX_REPLIES_EVERY_MS,
  sweepInboxRepliesJob,
  syncConnectionsJob,
  syncReplyPollersJob,
  type RedisConnection,
} from '@outreach/queues';
import { createJobWorker } from '@outreach/runtime';
import type { MatcherDeps } from './deps';
import { processCompactInboxCounts } from './processors/compact-inbox-counts';
import { processPollReplies } from './processors/poll-replies';
import { processReopenSnoozed } from './processors/reopen-snoozed';
import { processProcessDelivery } from './processors/process-delivery';
import { processSyncConnections } from './processors/sync-connections';
import { processSweepInboxReplies } from './processors/sweep-inbox-replies';
import { processSyncReplyPollers } from './processors/sync-reply-pollers';

export interface WorkerOptions {
  connection: RedisConnection;
  prefix: string;
  concurrency: number;
  /** Job lock lifetime; also how often stalled jobs (their worker died) are looked for. */
  lockDurationMs?: number;
  /** How often the per-account pollers are reconciled with the accounts table. */
  pollerSyncEveryMs?: number;
  /** How often elapsed snoozes are looked for (default 30 s, so one reopens within 60 s). */
  snoozeCheckEveryMs?: number;
  /** How often the inbox count ledger is folded (default 30 s). */
  countsCompactEveryMs?: number;
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
  const common = { deps, connection: options.connection, prefix: options.prefix, lockDurationMs: options.lockDurationMs ?? 30_000 };
  const workers = [
    createJobWorker(
      QUEUES.unipileDeliveries,
      {
        [processDeliveryJob.name]: async (jobDeps, payload) => {
          const result = await processProcessDelivery(jobDeps, payload);
          return { outcome: result.outcome, duplicate: result.duplicate, lead_id: result.leadId ?? null };
        },
      },
      { ...common, concurrency: options.concurrency },
    ),
    createJobWorker(
      QUEUES.replyBackfill,
      {
        [syncReplyPollersJob.name]: (jobDeps) => processSyncReplyPollers(jobDeps),
        [pollRepliesJob.name]: (jobDeps, payload) => processPollReplies(jobDeps, payload),
        [reopenSnoozedJob.name]: (jobDeps) => processReopenSnoozed(jobDeps),
        [sweepInboxRepliesJob.name]: (jobDeps) => processSweepInboxReplies(jobDeps),
        [compactInboxCountsJob.name]: (jobDeps) => processCompactInboxCounts(jobDeps),
      },
      { ...common, concurrency: 2 },
    ),
    // One sync at a time per process: each pages relations and may look up profiles on LinkedIn.
    createJobWorker(
      QUEUES.connectionSync,
      { [syncConnectionsJob.name]: (jobDeps, payload) => processSyncConnections(jobDeps, payload) },
      { ...common, concurrency: 1 },
    ),
  ];

  await schedule(deps.queues, syncReplyPollersJob, syncReplyPollersJob.schedulerId, { every: options.pollerSyncEveryMs ?? 60_000 }, {});
  await schedule(deps.queues, sweepInboxRepliesJob, sweepInboxRepliesJob.schedulerId, { every: SWEEP_INBOX_REPLIES_EVERY_MS }, {});
  await schedule(
    deps.queues,
    reopenSnoozedJob,
    reopenSnoozedJob.schedulerId,
    { every: options.snoozeCheckEveryMs ?? REOPEN_SNOOZED_EVERY_MS },
    {},
  );
  await schedule(
    deps.queues,
    compactInboxCountsJob,
    compactInboxCountsJob.schedulerId,
    { every: options.countsCompactEveryMs ?? COMPACT_INBOX_COUNTS_EVERY_MS },
    {},
  );

  return {
    workers,
    // Waits for the jobs in hand to finish; a job cut short by a hard kill is retried (its lock expires).
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
