import { enqueue, notifyEventJob } from '@outreach/queues';
import type { SenderDeps } from '../deps';

/**
 * Tells the notifier about an account event this send caused (`rate_limited`,
 * `account_status_changed`), after its transaction committed. A failure to enqueue is logged, not
 * thrown: the send's outcome is already recorded and must not be retried for a notification.
 */
export async function notifyEvent(deps: SenderDeps, clientId: string, eventId: number | undefined): Promise<void> {
  if (eventId === undefined) return;
  try {
    await enqueue(deps.queues, notifyEventJob, { eventId, clientId });
  } catch (err) {
    deps.logger.warn('could not enqueue the event notification', { event_id: eventId, err });
  }
}
