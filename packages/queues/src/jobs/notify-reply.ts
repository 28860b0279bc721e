import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/** Tells the client's operators that a lead replied. The consumer (notifier) reloads the event. */
export const notifyReplyPayloadSchema = z.object({
  eventId: z.number().int().positive(),
  leadId: z.uuid(),
  clientId: z.uuid(),
});
export type NotifyReplyPayload = z.infer<typeof notifyReplyPayloadSchema>;

export const notifyReplyJob = {
  name: 'notify-reply',
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000, jitter: 0.3 },
    // Kept a week: a re-enqueue with the same job id (a reprocessed delivery) stays a no-op.
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** Deterministic: one notification job per reply event, whatever re-enqueues it. */
export const notifyReplyJobId = (eventId: number): string => `reply-event-${eventId}`;
