import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, KEEP_FAILED } from '../retry';

/**
 * Reopens every conversation whose snooze time has passed. Scheduled every 30 s on the
 * reply-backfill queue, so an elapsed snooze reopens within 60 s; the job reads the time from the
 * database, so a retry or an overlapping run reopens nothing twice (a conditional update).
 */
export const reopenSnoozedPayloadSchema = z.object({});
export type ReopenSnoozedPayload = z.infer<typeof reopenSnoozedPayloadSchema>;

export const reopenSnoozedJob = defineJob({
  name: 'reopen-snoozed-conversations',
  queue: QUEUES.replyBackfill,
  schema: reopenSnoozedPayloadSchema,
  options: { ...exponentialRetries(3, 2000, 0), removeOnComplete: { age: 3600, count: 100 }, removeOnFail: KEEP_FAILED },
  schedulerId: 'reopen-snoozed-conversations',
});

/** How often the reopener runs: half the 60 s an elapsed snooze may wait. */
export const REOPEN_SNOOZED_EVERY_MS = 30_000;
