import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, KEEP_FAILED } from '../retry';

/** Pages an account's recent messages and feeds unseen inbound ones to reply matching. */
export const pollRepliesPayloadSchema = z.object({
  linkedinAccountId: z.uuid(),
  lookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30),
  /** scheduled | on_demand — only for logs and the backfill report. */
  reason: z.enum(['scheduled', 'on_demand']).default('scheduled'),
});
export type PollRepliesPayload = z.infer<typeof pollRepliesPayloadSchema>;

/**
 * No job id: an on-demand poll wants a fresh run. The repeating poll of each account is a job
 * scheduler whose id is `replyPollerId(accountId)`.
 */
export const pollRepliesJob = defineJob({
  name: 'poll-replies',
  queue: QUEUES.replyBackfill,
  schema: pollRepliesPayloadSchema,
  options: {
    ...exponentialRetries(3, 5000),
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: KEEP_FAILED,
  },
});

/** The id of one account's repeating poll (a job scheduler on reply-backfill). */
export const replyPollerId = (linkedinAccountId: string): string => `poll-replies-${linkedinAccountId}`;

/** Reconciles one poll-replies job scheduler per LinkedIn account with the accounts in the database. */
export const syncReplyPollersPayloadSchema = z.object({});
export type SyncReplyPollersPayload = z.infer<typeof syncReplyPollersPayloadSchema>;

export const syncReplyPollersJob = defineJob({
  name: 'sync-reply-pollers',
  queue: QUEUES.replyBackfill,
  schema: syncReplyPollersPayloadSchema,
  options: {
    ...exponentialRetries(3, 5000, 0),
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: KEEP_FAILED,
  },
  schedulerId: 'sync-reply-pollers',
});
