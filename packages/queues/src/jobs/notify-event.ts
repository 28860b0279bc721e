import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

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

export const notifyEventJob = {
  name: 'notify-event',
  options: {
    // Outbound webhooks are retried with backoff for about an hour and a half (2 s … ~17 min).
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000, jitter: 0.3 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/** Deterministic: one notification job per event, whatever re-enqueues it. */
export const notifyEventJobId = (eventId: number): string => `event-${eventId}`;
