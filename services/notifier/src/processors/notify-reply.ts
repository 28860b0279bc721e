import type { NotifyReplyPayload } from '@outreach/queues';
import { notifyReplyByEmail } from '../channels/email';
import type { NotifierDeps } from '../deps';
import { dispatch, skipReason, type DispatchResult } from '../dispatch';
import { loadEventContext } from '../event-context';
import { skipNotification, type JobContext } from '../notifications';
import { loadEffectiveSettings } from '../settings';
import { hookPlans } from './plans';

export type NotifyReplyResult = { outcome: 'notified'; channels: DispatchResult } | { outcome: 'event_not_found' | 'client_not_found' };

/**
 * Tells a client's operators that a lead replied: an email (at once or in the client's digest),
 * plus Slack and the signed webhook when configured. One notification per reply per channel,
 * however often the job runs: each channel's row (`<channel>:event:<eventId>`) is written before
 * anything is sent and is found on a re-run.
 */
export async function processNotifyReply(
  deps: NotifierDeps,
  payload: NotifyReplyPayload,
  ctx: JobContext = { isFinalAttempt: false },
): Promise<NotifyReplyResult> {
  const context = await loadEventContext(deps.db, payload.clientId, payload.eventId);
  if (!context || context.event.type !== 'message_received') {
    deps.logger.warn('reply event not found; nothing to notify', { event_id: payload.eventId, client_id: payload.clientId });
    return { outcome: 'event_not_found' };
  }
  const settings = await loadEffectiveSettings(deps.db, payload.clientId);
  if (!settings) return { outcome: 'client_not_found' };

  const email = {
    channel: 'email' as const,
    run: () =>
      settings.recipients.length === 0
        ? skipNotification(
            deps.db,
            { clientId: settings.clientId, eventId: payload.eventId, kind: context.event.type, channel: 'email' },
            'no_recipients',
            'no notification recipients and no client notification emails',
          )
        : notifyReplyByEmail(deps, settings, context, ctx),
  };
  const plans = [email, ...hookPlans(deps, settings, context, ctx)];
  const channels = await dispatch(
    deps,
    { clientId: settings.clientId, eventId: payload.eventId, kind: context.event.type },
    plans,
    skipReason(deps, settings),
  );
  deps.logger.info('reply notified', {
    event_id: payload.eventId,
    lead_id: payload.leadId,
    digest_minutes: settings.digestMinutes,
    ...channels,
  });
  return { outcome: 'notified', channels };
}
