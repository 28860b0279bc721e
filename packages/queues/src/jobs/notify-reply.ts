import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { keepCompletedDays, KEEP_FAILED, NOTIFICATION_RETRIES } from '../retry';

/** Tells the client's operators that a lead replied. The consumer (notifier) reloads the event. */
export const notifyReplyPayloadSchema = z.object({
  eventId: z.number().int().positive(),
  leadId: z.uuid(),
  clientId: z.uuid(),
});
export type NotifyReplyPayload = z.infer<typeof notifyReplyPayloadSchema>;

/** Deterministic: one notification job per reply event, whatever re-enqueues it. */
export const notifyReplyJobId = (eventId: number): string => `reply-event-${eventId}`;

export const notifyReplyJob = defineJob({
  name: 'notify-reply',
  queue: QUEUES.notifications,
  schema: notifyReplyPayloadSchema,
  options: {
    ...NOTIFICATION_RETRIES,
    // Kept a week: a re-enqueue with the same job id (a reprocessed delivery) stays a no-op.
    removeOnComplete: keepCompletedDays(7),
    removeOnFail: KEEP_FAILED,
  },
  jobId: (p) => notifyReplyJobId(p.eventId),
});
