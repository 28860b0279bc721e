import { notificationDeliveries } from '@outreach/metrics';
import type { NotifierDeps } from './deps';
import { skipNotification, type Channel, type ChannelOutcome } from './notifications';
import type { EffectiveSettings } from './settings';

/** One channel an event goes to, and how to deliver on it. */
export interface ChannelPlan {
  channel: Channel;
  run(): Promise<ChannelOutcome>;
}

export type DispatchResult = Partial<Record<Channel, ChannelOutcome>>;

/** Why nothing may be sent at all, or null: the platform switch first, then the client's own. */
export function skipReason(deps: NotifierDeps, settings: EffectiveSettings): { code: string; message: string } | null {
  if (!deps.options.notificationsEnabled)
    return { code: 'notifications_disabled', message: 'NOTIFICATIONS_ENABLED is false on this deployment' };
  if (!settings.enabled) return { code: 'client_disabled', message: "the client's notification settings are switched off" };
  return null;
}

/**
 * Runs every channel of one event side by side. Each channel's notification row is its own guard,
 * so when one channel fails (a webhook answering 500) the job is retried and the retry redoes only
 * the unfinished channels: the email already sent stays sent. The first retryable failure is
 * rethrown after all channels have run.
 */
export async function dispatch(
  deps: NotifierDeps,
  event: { clientId: string; eventId: number; kind: string },
  plans: ChannelPlan[],
  skip: { code: string; message: string } | null,
): Promise<DispatchResult> {
  const settled = await Promise.allSettled(
    plans.map(async (plan) => {
      const outcome = skip
        ? await skipNotification(deps.db, { ...event, channel: plan.channel }, skip.code, skip.message)
        : await plan.run();
      return [plan.channel, outcome] as const;
    }),
  );
  const result: DispatchResult = {};
  let firstError: unknown;
  settled.forEach((s, i) => {
    const channel = plans[i]?.channel;
    if (s.status === 'fulfilled') {
      result[s.value[0]] = s.value[1];
      notificationDeliveries.inc({ channel: s.value[0], outcome: s.value[1] });
      return;
    }
    if (channel) notificationDeliveries.inc({ channel, outcome: 'retried' });
    const err: unknown = s.reason;
    deps.logger.warn('channel will be retried', { channel, event_id: event.eventId, err });
    firstError ??= err;
  });
  if (firstError) throw firstError;
  return result;
}
