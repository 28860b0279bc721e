import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, keepCompletedDays, KEEP_FAILED } from '../retry';

/**
 * Sends one operator reply written in the inbox (consumer: outbound-sender, on `outbound-actions`
 * so it shares the sequence's worker and limits). The gateway writes the pending message row
 * before it enqueues; the text was fixed then. A token, window or cooldown wait is a delay, not an attempt.
 */
export const sendInboxReplyPayloadSchema = z.object({ messageId: z.uuid() });
export type SendInboxReplyPayload = z.infer<typeof sendInboxReplyPayloadSchema>;

/** One job per inbox message: the same request twice enqueues once. */
export const sendInboxReplyJobId = (messageId: string): string => `inbox-reply-${messageId}`;

export const sendInboxReplyJob = defineJob({
  name: 'send-inbox-reply',
  queue: QUEUES.outboundActions,
  schema: sendInboxReplyPayloadSchema,
  options: {
    // Retries are for 5xx and timeouts only (the claim makes a retry reconcile before resending).
    ...exponentialRetries(5, 15_000),
    removeOnComplete: keepCompletedDays(7),
    removeOnFail: KEEP_FAILED,
  },
  jobId: (p) => sendInboxReplyJobId(p.messageId),
});
