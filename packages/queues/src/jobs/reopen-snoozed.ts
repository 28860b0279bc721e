import { z } from 'zod';
import type { Job, JobsOptions, Queue } from 'bullmq';

/**
 * Reopens every conversation whose snooze time has passed. Scheduled every 30 s on the
 * reply-backfill queue, so an elapsed snooze reopens within 60 s; the job reads the time from the
 * database, so a retry or an overlapping run reopens nothing twice (a conditional update).
 */
export const reopenSnoozedPayloadSchema = z.object({});
export type ReopenSnoozedPayload = z.infer<typeof reopenSnoozedPayloadSchema>;

export const reopenSnoozedJob = {
  name: 'reopen-snoozed-conversations',
  schedulerId: 'reopen-snoozed-conversations',
  everyMs: 30_000,
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** Registers the snooze reopener (idempotent: one scheduler whatever the number of replicas). */
export function upsertReopenSnoozed(queue: Queue, everyMs: number = reopenSnoozedJob.everyMs): Promise<Job> {
  return queue.upsertJobScheduler(reopenSnoozedJob.schedulerId, { every: everyMs }, { name: reopenSnoozedJob.name, data: {}, opts: reopenSnoozedJob.options });
}
