import { z } from 'zod';
import type { Job, JobsOptions, Queue } from 'bullmq';

/**
 * Sends one operator reply written in the inbox (consumer: outbound-sender, on `outbound-actions`
 * so it shares the sequence's worker and limits). The gateway writes the pending message row
 * before it enqueues; the text was fixed then. A token, window or cooldown wait is a delay, not an attempt.
 */
export const sendInboxReplyPayloadSchema = z.object({ messageId: z.uuid() });
export type SendInboxReplyPayload = z.infer<typeof sendInboxReplyPayloadSchema>;

export const sendInboxReplyJob = {
  name: 'send-inbox-reply',
  options: {
    // Retries are for 5xx and timeouts only (the claim makes a retry reconcile before resending).
    attempts: 5,
    backoff: { type: 'exponential', delay: 15_000, jitter: 0.3 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** One job per inbox message: the same request twice enqueues once. */
export const sendInboxReplyJobId = (messageId: string): string => `inbox-reply-${messageId}`;

/** Enqueues the send of an inbox reply (idempotent by message). */
export function enqueueSendInboxReply(queue: Queue, payload: SendInboxReplyPayload): Promise<Job> {
  const data = sendInboxReplyPayloadSchema.parse(payload);
  return queue.add(sendInboxReplyJob.name, data, { ...sendInboxReplyJob.options, jobId: sendInboxReplyJobId(data.messageId) });
}
