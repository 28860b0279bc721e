import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * Sends one client's batched reply notifications as one digest email. Enqueued delayed by the
 * client's digest window when a reply opens a window. `windowKey` is the id of the notification
 * that opened the window (the oldest batched, not yet claimed one), so the job id and the digest
 * email's dedupe key are the same however often the opening reply is processed.
 */
export const flushReplyDigestPayloadSchema = z.object({
  clientId: z.uuid(),
  windowKey: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only'),
});
export type FlushReplyDigestPayload = z.infer<typeof flushReplyDigestPayloadSchema>;

export const flushReplyDigestJob = {
  name: 'flush-reply-digest',
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000, jitter: 0.3 },
    // Kept a week: re-enqueueing an opened window (a retried notify-reply) stays a no-op.
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

export const flushReplyDigestJobId = (clientId: string, windowKey: string): string => `reply-digest-${clientId}-${windowKey}`;
