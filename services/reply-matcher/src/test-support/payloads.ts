import { classifyDelivery, deriveDeliveryKey } from '@outreach/unipile';
import type { ProcessDeliveryPayload } from '@outreach/queues';

export { attendee, messageReceived, type PersonLike } from '@outreach/testing';

/** What webhook-ingest would enqueue for this body arriving at `route`. */
export function deliveryOf(body: unknown, route = '/api/webhooks/unipile/messaging'): ProcessDeliveryPayload {
  const kind = classifyDelivery(body);
  return { deliveryKey: deriveDeliveryKey(kind, body), kind, route, receivedAt: new Date().toISOString(), body };
}
