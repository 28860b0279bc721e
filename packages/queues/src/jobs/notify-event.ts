import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { keepCompletedDays, KEEP_FAILED, NOTIFICATION_RETRIES } from '../retry';

/**
 * Tells a client's Slack and outbound webhooks about an event other than a reply
 * (`connection_accepted`, `account_status_changed`, `rate_limited`). Replies go through
 * `notify-reply`. The consumer (notifier) reloads the event; one job per event.
 */
export const notifyEventPayloadSchema = z.object({
  eventId: z.number().int().positive(),
  clientId: z.uuid(),
});
export type NotifyEventPayload = z.infer<typeof notifyEventPayloadSchema>;

/** The event types `notify-event` carries; anything else is completed without sending. */
export const NOTIFIABLE_EVENT_TYPES = ['connection_accepted', 'account_status_changed', 'rate_limited'] as const;

/** Deterministic: one notification job per event, whatever re-enqueues it. */
export const notifyEventJobId = (eventId: number): string => `event-${eventId}`;

export const notifyEventJob = defineJob({
  name: 'notify-event',
  queue: QUEUES.notifications,
  schema: notifyEventPayloadSchema,
  options: {
    // Outbound webhooks are retried with backoff for about an hour and a half (2 s … ~17 min).
    ...NOTIFICATION_RETRIES,
    removeOnComplete: keepCompletedDays(7),
    removeOnFail: KEEP_FAILED,
  },
  jobId: (p) => notifyEventJobId(p.eventId),
});
