import type { Job } from 'bullmq';
import { jobDuration, jobsProcessed, jobWait } from '@outreach/metrics';
import { markActivity } from './activity';

export type JobOutcome = 'completed' | 'deferred' | 'retried' | 'failed';

/** What became of an attempt that threw, under createJobWorker's failure policy. */
export function outcomeOfError(job: Job, err: unknown): JobOutcome {
  const name = err instanceof Error ? err.name : '';
  if (name === 'DelayedError') return 'deferred';
  if (name === 'UnrecoverableError') return 'failed';
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1) ? 'failed' : 'retried';
}

/**
 * Times one attempt of `job` and records it: wait (first start only: BullMQ keeps no due time for a
 * job that was deferred or retried), duration and outcome, and the activity the liveness check reads.
 */
export async function measured<T>(queue: string, job: Job, run: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  markActivity(queue, startedAt);
  if (job.attemptsStarted <= 1) {
    const due = job.timestamp + Math.max(0, job.opts.delay ?? 0);
    jobWait.observe({ queue, job: job.name }, Math.max(0, startedAt - due) / 1000);
  }
  let outcome: JobOutcome = 'completed';
  try {
    return await run();
  } catch (err) {
    outcome = outcomeOfError(job, err);
    throw err;
  } finally {
    const finishedAt = Date.now();
    markActivity(queue, finishedAt);
    jobDuration.observe({ queue, job: job.name, outcome }, (finishedAt - startedAt) / 1000);
    jobsProcessed.inc({ queue, job: job.name, outcome });
  }
}
