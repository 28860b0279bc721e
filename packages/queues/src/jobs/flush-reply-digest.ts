import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { keepCompletedDays, KEEP_FAILED, NOTIFICATION_RETRIES } from '../retry';

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

export const flushReplyDigestJobId = (clientId: string, windowKey: string): string => `reply-digest-${clientId}-${windowKey}`;

export const flushReplyDigestJob = defineJob({
  name: 'flush-reply-digest',
  queue: QUEUES.notifications,
  schema: flushReplyDigestPayloadSchema,
  options: {
    ...NOTIFICATION_RETRIES,
    // Kept a week: re-enqueueing an opened window (a retried notify-reply) stays a no-op.
    removeOnComplete: keepCompletedDays(7),
    removeOnFail: KEEP_FAILED,
  },
  jobId: (p) => flushReplyDigestJobId(p.clientId, p.windowKey),
});
