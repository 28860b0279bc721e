import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/** Pages an account's recent messages and feeds unseen inbound ones to reply matching. */
export const pollRepliesPayloadSchema = z.object({
  linkedinAccountId: z.uuid(),
  lookbackMinutes: z.number().int().min(1).max(60 * 24 * 30),
  /** scheduled | on_demand — only for logs and the backfill report. */
  reason: z.enum(['scheduled', 'on_demand']).default('scheduled'),
});
export type PollRepliesPayload = z.infer<typeof pollRepliesPayloadSchema>;

export const pollRepliesJob = {
  name: 'poll-replies',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 5000, jitter: 0.3 },
    removeOnComplete: { age: 3600, count: 1000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** Reconciles one poll-replies job scheduler per LinkedIn account with the accounts in the database. */
export const syncReplyPollersPayloadSchema = z.object({});
export type SyncReplyPollersPayload = z.infer<typeof syncReplyPollersPayloadSchema>;

export const syncReplyPollersJob = {
  name: 'sync-reply-pollers',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 5000 },
    removeOnComplete: { age: 3600, count: 100 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;
