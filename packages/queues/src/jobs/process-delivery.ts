import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/**
 * One acknowledged Unipile webhook delivery. Unlike every other job this one carries the raw body:
 * webhook-ingest touches no database, so Redis holds the delivery until reply-matcher stores it.
 */
export const processDeliveryPayloadSchema = z.object({
  deliveryKey: z.string().min(1),
  /** messaging | users | account_status | unknown, from the payload's shape. */
  kind: z.enum(['messaging', 'users', 'account_status', 'unknown']),
  /** The ingest path it arrived on (kept to spot misdirected webhooks). */
  route: z.string(),
  receivedAt: z.iso.datetime(),
  body: z.unknown(),
});
export type ProcessDeliveryPayload = z.infer<typeof processDeliveryPayloadSchema>;

export const processDeliveryJob = {
  name: 'process-delivery',
  options: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 1000, jitter: 0.3 },
    // Completed jobs are kept for a day so a late Unipile retry with the same key stays a no-op in
    // Redis too; the database guard (unique delivery_key) covers anything older.
    removeOnComplete: { age: 24 * 3600, count: 200_000 },
    removeOnFail: { age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;
