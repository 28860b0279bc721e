import { NOTIFIABLE_EVENT_TYPES, type NotifyEventPayload } from '@outreach/queues';
import type { NotifierDeps } from '../deps';
import { dispatch, skipReason, type DispatchResult } from '../dispatch';
import { loadEventContext } from '../event-context';
import type { JobContext } from '../notifications';
import { loadEffectiveSettings } from '../settings';
import { hookPlans } from './plans';

export type NotifyEventResult =
  { outcome: 'notified'; channels: DispatchResult } | { outcome: 'event_not_found' | 'client_not_found' | 'not_notifiable' };

const isNotifiable = (type: string): boolean => (NOTIFIABLE_EVENT_TYPES as readonly string[]).includes(type);

/**
 * Posts a non-reply event (`connection_accepted`, `account_status_changed`, `rate_limited`) to the
 * client's Slack webhook and to its signed webhook when subscribed. No email: those are for replies.
 */
export async function processNotifyEvent(
  deps: NotifierDeps,
  payload: NotifyEventPayload,
  ctx: JobContext = { isFinalAttempt: false },
): Promise<NotifyEventResult> {
  const context = await loadEventContext(deps.db, payload.clientId, payload.eventId);
  if (!context) {
    deps.logger.warn('event not found; nothing to notify', { event_id: payload.eventId, client_id: payload.clientId });
    return { outcome: 'event_not_found' };
  }
  if (!isNotifiable(context.event.type)) return { outcome: 'not_notifiable' };
  const settings = await loadEffectiveSettings(deps.db, payload.clientId);
  if (!settings) return { outcome: 'client_not_found' };

  const plans = hookPlans(deps, settings, context, ctx);
  const channels = await dispatch(
    deps,
    { clientId: settings.clientId, eventId: payload.eventId, kind: context.event.type },
    plans,
    skipReason(deps, settings),
  );
  deps.logger.info('event notified', { event_id: payload.eventId, type: context.event.type, ...channels });
  return { outcome: 'notified', channels };
}
