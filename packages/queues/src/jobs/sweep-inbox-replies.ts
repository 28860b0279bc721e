import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, KEEP_FAILED } from '../retry';

/**
 * Re-enqueues the send job of every inbox reply left `pending` for a while: the gateway commits the
 * message, then enqueues, and a crash or Redis outage in between would leave it unsent forever.
 * Scheduled on the reply-backfill queue (reply-matcher). Idempotent: a send job's id is its
 * message's, so a job that still exists (waiting, delayed, kept after completing or failing) is
 * not added again, and the sender only sends a message that is still pending.
 */
export const sweepInboxRepliesPayloadSchema = z.object({});
export type SweepInboxRepliesPayload = z.infer<typeof sweepInboxRepliesPayloadSchema>;

export const sweepInboxRepliesJob = defineJob({
  name: 'sweep-inbox-replies',
  queue: QUEUES.replyBackfill,
  schema: sweepInboxRepliesPayloadSchema,
  options: { ...exponentialRetries(3, 2000, 0), removeOnComplete: { age: 3600, count: 100 }, removeOnFail: KEEP_FAILED },
  schedulerId: 'sweep-inbox-replies',
});

/** How often the sweep runs, and how long a reply stays pending before the sweep looks at it. */
export const SWEEP_INBOX_REPLIES_EVERY_MS = 60_000;
export const INBOX_REPLY_STALE_MS = 60_000;
