import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, KEEP_FAILED } from '../retry';

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

/**
 * BullMQ job ids must not contain ':' and must not be all digits; Unipile ids may contain anything,
 * so the readable delivery key is hashed into the id and kept in the payload.
 */
export const deliveryJobId = (deliveryKey: string): string =>
  `delivery-${createHash('sha256').update(deliveryKey).digest('hex').slice(0, 40)}`;

export const processDeliveryJob = defineJob({
  name: 'process-delivery',
  queue: QUEUES.unipileDeliveries,
  schema: processDeliveryPayloadSchema,
  options: {
    ...exponentialRetries(8, 1000),
    // Completed jobs are kept for a day so a late Unipile retry with the same key stays a no-op in
    // Redis too; the database guard (unique delivery_key) covers anything older.
    removeOnComplete: { age: 24 * 3600, count: 200_000 },
    removeOnFail: KEEP_FAILED,
  },
  // The same delivery key twice (Unipile retries) is one job.
  jobId: (p) => deliveryJobId(p.deliveryKey),
});
