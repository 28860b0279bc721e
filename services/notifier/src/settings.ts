import { clients, notificationSettings, WEBHOOK_EVENT_TYPES, type DbOrTx, type WebhookEventType } from '@outreach/db';
import { eq } from 'drizzle-orm';

/** A client's notification settings as the notifier applies them. */
export interface EffectiveSettings {
  clientId: string;
  clientName: string;
  timeZone: string;
  enabled: boolean;
  /** The settings' recipients, or the client's `notification_emails` when those are empty. */
  recipients: string[];
  digestMinutes: number;
  slackWebhookUrl: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  webhookEvents: WebhookEventType[];
}

const isWebhookEvent = (e: string): e is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e);

/**
 * Resolves a client's settings: no `notification_settings` row means the defaults (on, at once, to
 * the client's notification emails), and an empty recipient list falls back to those emails too,
 * the same rule the gateway shows. Null when the client does not exist (deleted since the event).
 */
export async function loadEffectiveSettings(db: DbOrTx, clientId: string): Promise<EffectiveSettings | null> {
  const [row] = await db
    .select({ client: clients, settings: notificationSettings })
    .from(clients)
    .leftJoin(notificationSettings, eq(notificationSettings.clientId, clients.id))
    .where(eq(clients.id, clientId));
  if (!row) return null;
  const { client, settings } = row;
  const recipients = settings?.recipients.length ? settings.recipients : client.notificationEmails;
  return {
    clientId: client.id,
    clientName: client.name,
    timeZone: client.timezone,
    enabled: settings?.enabled ?? true,
    recipients: [...new Set(recipients.map((r) => r.trim()).filter((r) => r.length > 0))],
    digestMinutes: settings?.digestMinutes ?? 0,
    slackWebhookUrl: settings?.slackWebhookUrl ?? null,
    webhookUrl: settings?.webhookUrl ?? null,
    webhookSecret: settings?.webhookSecret ?? null,
    webhookEvents: (settings?.webhookEvents ?? []).filter(isWebhookEvent),
  };
}
