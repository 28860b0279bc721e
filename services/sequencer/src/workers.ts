import type { Worker } from 'bullmq';
import { planConnectionSyncsJob, QUEUES, schedule, sequenceTickJob, type RedisConnection } from '@outreach/queues';
import { createJobWorker } from '@outreach/runtime';
import type { SequencerDeps } from './deps';
import { processPlanConnectionSyncs } from './processors/plan-connection-syncs';
import { processRunSequenceTick } from './processors/run-sequence-tick';

export interface SequencerWorkerOptions {
  connection: RedisConnection;
  prefix: string;
  tickEveryMs: number;
  /** How often connection syncs are (re)planned; plans are idempotent. */
  planSyncsEveryMs?: number;
}

export interface SequencerWorkers {
  worker: Worker;
  close(): Promise<void>;
}

/**
 * Registers the tick and the sync planner as job schedulers (idempotent: every sequencer process
 * may do it at boot) and consumes them one at a time: ticks never overlap within a process, and
 * across processes each tick is one job taken by one worker. Overlap would still be safe, because
 * the due scan locks leads with SKIP LOCKED.
 */
export async function startSequencerWorkers(deps: SequencerDeps, options: SequencerWorkerOptions): Promise<SequencerWorkers> {
  const worker = createJobWorker(
    QUEUES.sequenceTick,
    {
      // Both run on "now": the payload is empty.
      [sequenceTickJob.name]: (jobDeps) => processRunSequenceTick(jobDeps),
      [planConnectionSyncsJob.name]: (jobDeps) => processPlanConnectionSyncs(jobDeps),
    },
    { deps, connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );

  await schedule(deps.queues, sequenceTickJob, sequenceTickJob.schedulerId, { every: options.tickEveryMs }, {});
  if (deps.connectionSyncs.perDay > 0) {
    await schedule(
      deps.queues,
      planConnectionSyncsJob,
      planConnectionSyncsJob.schedulerId,
      { every: options.planSyncsEveryMs ?? 3600_000 },
      {},
    );
  }
  return { worker, close: () => worker.close() };
}
