import { DelayedError, type Job } from 'bullmq';
import type { Logger } from '@outreach/logger';

/** What a processor gets besides its deps and payload. */
export interface JobContext {
  /** The job's logger: every line carries queue, job_name, job_id, attempt and is_final_attempt. */
  logger: Logger;
  /** True when a retryable failure now would fail the job for good (callers record the failure then). */
  isFinalAttempt: boolean;
  job: Job;
  /** The worker's lock token for this job (moveToDelayed and friends need it). */
  token: string | undefined;
  /**
   * Puts the job back in the delayed set until `until` without spending an attempt (a window that
   * is closed, a rate token not yet free, an account cooling down), and ends this run. Never returns.
   */
  defer(until: Date): Promise<never>;
}

/** `attemptsMade` counts the attempts that failed before this one; a deferral does not count. */
export const attemptOf = (job: Job): number => job.attemptsMade + 1;

export const isFinalAttempt = (job: Job): boolean => attemptOf(job) >= (job.opts.attempts ?? 1);

/** The job's fields for its logger, one spelling for every worker. */
export const jobLogFields = (job: Job) => ({
  queue: job.queueName,
  job_name: job.name,
  job_id: job.id,
  attempt: attemptOf(job),
  is_final_attempt: isFinalAttempt(job),
});

/** Builds the context of one run of `job`. */
export function contextOf(job: Job, token: string | undefined, logger: Logger): JobContext {
  return {
    logger: logger.child(jobLogFields(job)),
    isFinalAttempt: isFinalAttempt(job),
    job,
    token,
    async defer(until: Date): Promise<never> {
      await job.moveToDelayed(Math.max(until.getTime(), Date.now() + 1), token);
      // BullMQ's signal that the job was moved by the processor itself: not a failure, no retry.
      throw new DelayedError();
    },
  };
}
