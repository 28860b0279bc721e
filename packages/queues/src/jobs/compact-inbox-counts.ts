import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, KEEP_FAILED } from '../retry';

/**
 * Folds the inbox count ledger (`conversation_counts`: one delta row per conversation change)
 * into one row per key, so the list's `meta` keeps summing a handful of rows. Scheduled every 30 s
 * on the reply-backfill queue. Counts are exact whether or not it ran: it only keeps reads short,
 * and an overlapping or retried run keeps every sum (one statement, see `compactInboxCounts`).
 */
export const compactInboxCountsPayloadSchema = z.object({});
export type CompactInboxCountsPayload = z.infer<typeof compactInboxCountsPayloadSchema>;

export const compactInboxCountsJob = defineJob({
  name: 'compact-inbox-counts',
  queue: QUEUES.replyBackfill,
  schema: compactInboxCountsPayloadSchema,
  options: { ...exponentialRetries(3, 2000, 0), removeOnComplete: { age: 3600, count: 100 }, removeOnFail: KEEP_FAILED },
  schedulerId: 'compact-inbox-counts',
});

/** How often the ledger is folded: a busy client appends a few hundred rows in that time at most. */
export const COMPACT_INBOX_COUNTS_EVERY_MS = 30_000;
