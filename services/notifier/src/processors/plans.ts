import type { NotifierDeps } from '../deps';
import type { ChannelPlan } from '../dispatch';
import type { EventContext } from '../event-context';
import { postToSlack, slackText } from '../channels/slack';
import { postWebhook, webhookBody } from '../channels/webhook';
import { deliverOnce, ensureNotification, skipNotification, type JobContext } from '../notifications';
import type { EffectiveSettings } from '../settings';

const httpOptions = (deps: NotifierDeps) => ({
  timeoutMs: deps.options.httpTimeoutMs,
  allowedPrivateCidrs: deps.options.allowedPrivateCidrs,
});

/** The Slack and signed-webhook channels an event goes to under a client's settings. */
export function hookPlans(deps: NotifierDeps, settings: EffectiveSettings, context: EventContext, ctx: JobContext): ChannelPlan[] {
  const key = { clientId: settings.clientId, eventId: context.event.id, kind: context.event.type };
  const plans: ChannelPlan[] = [];
  const slackUrl = settings.slackWebhookUrl;
  if (slackUrl) {
    plans.push({
      channel: 'slack',
      run: async () => {
        const row = await ensureNotification(deps.db, { ...key, channel: 'slack' });
        const text = slackText(context, deps.options.appBaseUrl);
        return deliverOnce(deps.db, row.id, ctx, () => postToSlack(slackUrl, text, httpOptions(deps)));
      },
    });
  }
  const webhookUrl = settings.webhookUrl;
  if (webhookUrl && (settings.webhookEvents as string[]).includes(context.event.type)) {
    const secret = settings.webhookSecret;
    plans.push({
      channel: 'webhook',
      run: async () => {
        if (!secret)
          return skipNotification(
            deps.db,
            { ...key, channel: 'webhook' },
            'no_webhook_secret',
            'the webhook has no signing secret; save the settings again to create one',
          );
        const row = await ensureNotification(deps.db, { ...key, channel: 'webhook' });
        const body = webhookBody(context, deps.options.appBaseUrl);
        return deliverOnce(deps.db, row.id, ctx, () => postWebhook(webhookUrl, secret, row.id, body, httpOptions(deps)));
      },
    });
  }
  return plans;
}
