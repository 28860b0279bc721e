import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { keepCompletedDays, KEEP_FAILED, NOTIFICATION_RETRIES } from '../retry';

/**
 * Tells the user a conversation is assigned to that the contact wrote (consumer: notifier, by
 * email). Enqueued by the reply-matcher when it files an inbound message into an assigned
 * conversation; the notifier reloads the message, conversation and assignee.
 */
export const notifyAssigneePayloadSchema = z.object({ messageId: z.uuid(), clientId: z.uuid() });
export type NotifyAssigneePayload = z.infer<typeof notifyAssigneePayloadSchema>;

/** One notification per inbound message, whatever re-enqueues it. */
export const notifyAssigneeJobId = (messageId: string): string => `assignee-message-${messageId}`;

export const notifyAssigneeJob = defineJob({
  name: 'notify-assignee',
  queue: QUEUES.notifications,
  schema: notifyAssigneePayloadSchema,
  options: { ...NOTIFICATION_RETRIES, removeOnComplete: keepCompletedDays(7), removeOnFail: KEEP_FAILED },
  jobId: (p) => notifyAssigneeJobId(p.messageId),
});
