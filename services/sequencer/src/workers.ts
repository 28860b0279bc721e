import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { planConnectionSyncsJob, QUEUES, sequenceTickJob } from '@outreach/queues';
import type { SequencerDeps } from './deps';
import { processPlanConnectionSyncs } from './processors/plan-connection-syncs';
import { processRunSequenceTick } from './processors/run-sequence-tick';

export interface SequencerWorkerOptions {
  connection: Redis;
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
  const worker = new Worker(
    QUEUES.sequenceTick,
    async (job: Job) => {
      const logger = deps.logger.child({ queue: job.queueName, job_name: job.name, job_id: job.id });
      if (job.name === sequenceTickJob.name) return processRunSequenceTick({ ...deps, logger });
      if (job.name === planConnectionSyncsJob.name) return processPlanConnectionSyncs({ ...deps, logger });
      throw new UnrecoverableError(`unknown job ${job.name} on ${QUEUES.sequenceTick}`);
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  worker.on('error', (err) => deps.logger.warn('worker error', { err: err.message }));
  worker.on('failed', (job, err) => deps.logger.error('job failed', { job_name: job?.name, job_id: job?.id, err: err.message }));

  await deps.queues.sequenceTick.upsertJobScheduler(sequenceTickJob.schedulerId, { every: options.tickEveryMs }, { name: sequenceTickJob.name, data: {}, opts: sequenceTickJob.options });
  if (deps.connectionSyncs.perDay > 0) {
    await deps.queues.sequenceTick.upsertJobScheduler(
      planConnectionSyncsJob.schedulerId,
      { every: options.planSyncsEveryMs ?? 3600_000 },
      { name: planConnectionSyncsJob.name, data: {}, opts: planConnectionSyncsJob.options },
    );
  }
  return { worker, close: () => worker.close() };
}
