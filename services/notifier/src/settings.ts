import { findClientNotificationSettings, type DbOrTx, type WebhookEventType } from '@outreach/db';

/** A client's notification settings as the notifier applies them. */
export interface EffectiveSettings {
  clientId: string;
  clientName: string;
  timeZone: string;
  enabled: boolean;
  /** The settings' recipients, or the client's `notification_emails` when those are empty (normalised). */
  recipients: string[];
  digestMinutes: number;
  slackWebhookUrl: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  webhookEvents: WebhookEventType[];
}

/**
 * A client's settings through the one resolver the gateway and the reporter use too (defaults
 * without a row, the client's addresses without recipients). Null when the client does not exist
 * (deleted since the event).
 */
export async function loadEffectiveSettings(db: DbOrTx, clientId: string): Promise<EffectiveSettings | null> {
  const found = await findClientNotificationSettings(db, clientId);
  if (!found) return null;
  const { client, settings } = found;
  return {
    clientId: client.id,
    clientName: client.name,
    timeZone: client.timezone,
    enabled: settings.enabled,
    recipients: settings.recipients.effective,
    digestMinutes: settings.digestMinutes,
    slackWebhookUrl: settings.slackWebhookUrl,
    webhookUrl: settings.webhookUrl,
    webhookSecret: settings.webhookSecret,
    webhookEvents: settings.webhookEvents,
  };
}
