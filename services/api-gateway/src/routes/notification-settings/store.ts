import { randomBytes } from 'node:crypto';
import { notificationSettings, resolveNotificationSettings, type Db } from '@outreach/db';
import { eq, sql } from 'drizzle-orm';
import type { OwnedClient } from '../clients/store';
import { ApiError } from '../../http/errors';
import { HOOK_MASK, maskHookUrl, type SettingsInput } from './schemas';

export type SettingsRow = typeof notificationSettings.$inferSelect;

/** Standard Webhooks secrets are `whsec_` + base64 of 24–64 random bytes. */
const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export async function findSettings(db: Db, clientId: string): Promise<SettingsRow | null> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.clientId, clientId));
  return row ?? null;
}

/**
 * What the notifier and reporter will actually do, through the resolver they use: no row means the
 * defaults, and an empty recipient list means the client's own addresses. `*_source` says which
 * applies, so a client that GETs and PUTs back does not freeze the fallback into its settings.
 */
export function presentSettings(
  client: OwnedClient,
  row: SettingsRow | null,
  platform: { enabled: boolean; weeklyReportsEnabled: boolean },
) {
  const settings = resolveNotificationSettings(client, row);
  return {
    client_id: client.id,
    enabled: settings.enabled,
    recipients: settings.recipients.effective,
    recipients_source: settings.recipients.source,
    digest_minutes: settings.digestMinutes,
    slack_webhook_url: settings.slackWebhookUrl ? maskHookUrl(settings.slackWebhookUrl) : null,
    webhook: { url: settings.webhookUrl, events: settings.webhookEvents, secret_set: Boolean(settings.webhookSecret) },
    reports_enabled: settings.reportsEnabled,
    report_recipients: settings.reportRecipients.effective,
    report_recipients_source: settings.reportRecipients.source,
    report_weekday: settings.reportWeekday,
    report_hour: settings.reportHour,
    platform: { notifications_enabled: platform.enabled, weekly_reports_enabled: platform.weeklyReportsEnabled },
    updated_at: settings.updatedAt?.toISOString() ?? null,
  };
}

/**
 * Replaces a client's settings in one upsert. The webhook secret is decided inside the statement
 * (kept when one exists, new on first URL or rotation, dropped with the URL), so two concurrent PUTs
 * cannot each hand out a different "new" secret: only the one that actually got stored is returned.
 */
export async function saveSettings(
  db: Db,
  clientId: string,
  input: SettingsInput,
  stored: SettingsRow | null,
): Promise<{ row: SettingsRow; secret: string | null }> {
  const keepsSlack =
    input.slack_webhook_url !== null && stored?.slackWebhookUrl && input.slack_webhook_url === maskHookUrl(stored.slackWebhookUrl);
  // A masked value that is not the stored URL's mask (nothing stored, or it changed since the GET) is no URL at all.
  if (!keepsSlack && input.slack_webhook_url?.includes(HOOK_MASK)) {
    throw new ApiError(400, 'validation_failed', 'slack_webhook_url is a masked value that matches no stored URL: send the full URL', [
      { location: 'body', path: 'slack_webhook_url', message: 'a masked value that matches no stored URL' },
    ]);
  }
  const slackWebhookUrl = keepsSlack ? (stored?.slackWebhookUrl ?? null) : input.slack_webhook_url;
  const generated = input.webhook.url ? newWebhookSecret() : null;
  const values = {
    enabled: input.enabled,
    recipients: input.recipients,
    digestMinutes: input.digest_minutes,
    slackWebhookUrl,
    webhookUrl: input.webhook.url,
    webhookEvents: input.webhook.events,
    reportsEnabled: input.reports_enabled,
    reportRecipients: input.report_recipients,
    reportWeekday: input.report_weekday,
    reportHour: input.report_hour,
    updatedAt: new Date(),
  };
  const current = sql`${notificationSettings.webhookSecret}`;
  const webhookSecret = !generated
    ? sql`null`
    : input.rotate_webhook_secret
      ? sql`excluded.webhook_secret`
      : sql`coalesce(${current}, excluded.webhook_secret)`;
  const [row] = await db
    .insert(notificationSettings)
    .values({ clientId, ...values, webhookSecret: generated })
    .onConflictDoUpdate({ target: notificationSettings.clientId, set: { ...values, webhookSecret } })
    .returning();
  const saved = row as SettingsRow;
  return { row: saved, secret: generated && saved.webhookSecret === generated ? generated : null };
}
