import { z } from 'zod';
import type { Job, JobsOptions, Queue } from 'bullmq';

/**
 * Tells the user a conversation is assigned to that the contact wrote (consumer: notifier, by
 * email). Enqueued by the reply-matcher when it files an inbound message into an assigned
 * conversation; the notifier reloads the message, conversation and assignee.
 */
export const notifyAssigneePayloadSchema = z.object({ messageId: z.uuid(), clientId: z.uuid() });
export type NotifyAssigneePayload = z.infer<typeof notifyAssigneePayloadSchema>;

export const notifyAssigneeJob = {
  name: 'notify-assignee',
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000, jitter: 0.3 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** One notification per inbound message, whatever re-enqueues it. */
export const notifyAssigneeJobId = (messageId: string): string => `assignee-message-${messageId}`;

export function enqueueNotifyAssignee(queue: Queue, payload: NotifyAssigneePayload): Promise<Job> {
  const data = notifyAssigneePayloadSchema.parse(payload);
  return queue.add(notifyAssigneeJob.name, data, { ...notifyAssigneeJob.options, jobId: notifyAssigneeJobId(data.messageId) });
}
