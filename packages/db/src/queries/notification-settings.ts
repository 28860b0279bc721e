import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { clients, notificationSettings, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../schema';

export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;

/** What a client without a `notification_settings` row gets (the table's column defaults). */
export const NOTIFICATION_SETTINGS_DEFAULTS = {
  enabled: true,
  digestMinutes: 0,
  reportsEnabled: true,
  /** ISO weekday, 1 = Monday. */
  reportWeekday: 1,
  /** Local hour in the client's zone. */
  reportHour: 8,
} as const;

/** Where a recipient list comes from: the settings' own list, or the client's addresses it falls back to. */
export type RecipientsSource = 'settings' | 'client';

export interface ResolvedRecipients {
  /** The list saved in the settings (empty: none saved, so the client's addresses apply). */
  explicit: string[];
  /** Who actually gets the email: `explicit`, or the client's addresses when that is empty. */
  effective: string[];
  source: RecipientsSource;
}

/** A client's notification and weekly report settings with every default and fallback applied. */
export interface ResolvedNotificationSettings {
  clientId: string;
  enabled: boolean;
  /** Reply notification recipients; the fallback is `clients.notification_emails`. */
  recipients: ResolvedRecipients;
  digestMinutes: number;
  slackWebhookUrl: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  webhookEvents: WebhookEventType[];
  reportsEnabled: boolean;
  /** Weekly report recipients; the fallback is `clients.report_emails`. */
  reportRecipients: ResolvedRecipients;
  reportWeekday: number;
  reportHour: number;
  /** Null while the client runs on the defaults. */
  updatedAt: Date | null;
}

/** The client columns the fallbacks read. */
export type SettingsClient = Pick<typeof clients.$inferSelect, 'id' | 'notificationEmails' | 'reportEmails'>;

/**
 * Addresses as every sender uses them: trimmed, lower-cased (the unsubscribe list and the email
 * dedupe keys compare them that way), de-duplicated in their configured order, empties dropped.
 */
export function normaliseRecipients(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((a) => a.trim().toLowerCase()).filter((a) => a.length > 0))];
}

function resolveRecipients(saved: readonly string[] | undefined, fallback: readonly string[]): ResolvedRecipients {
  const explicit = normaliseRecipients(saved ?? []);
  return explicit.length > 0
    ? { explicit, effective: explicit, source: 'settings' }
    : { explicit, effective: normaliseRecipients(fallback), source: 'client' };
}

const isWebhookEvent = (e: string): e is WebhookEventType => (WEBHOOK_EVENT_TYPES as readonly string[]).includes(e);

/**
 * The one place the defaults and fallbacks of notification settings are decided: no row means
 * {@link NOTIFICATION_SETTINGS_DEFAULTS}, and an empty recipient list means the client's own
 * addresses. The notifier, the reporter and the gateway all read settings through it.
 */
export function resolveNotificationSettings(
  client: SettingsClient,
  row: NotificationSettingsRow | null | undefined,
): ResolvedNotificationSettings {
  const defaults = NOTIFICATION_SETTINGS_DEFAULTS;
  return {
    clientId: client.id,
    enabled: row?.enabled ?? defaults.enabled,
    recipients: resolveRecipients(row?.recipients, client.notificationEmails),
    digestMinutes: row?.digestMinutes ?? defaults.digestMinutes,
    slackWebhookUrl: row?.slackWebhookUrl ?? null,
    webhookUrl: row?.webhookUrl ?? null,
    webhookSecret: row?.webhookSecret ?? null,
    webhookEvents: (row?.webhookEvents ?? []).filter(isWebhookEvent),
    reportsEnabled: row?.reportsEnabled ?? defaults.reportsEnabled,
    reportRecipients: resolveRecipients(row?.reportRecipients, client.reportEmails),
    reportWeekday: row?.reportWeekday ?? defaults.reportWeekday,
    reportHour: row?.reportHour ?? defaults.reportHour,
    updatedAt: row?.updatedAt ?? null,
  };
}

/** A client with its resolved settings. */
export interface ClientNotificationSettings {
  client: typeof clients.$inferSelect;
  settings: ResolvedNotificationSettings;
}

const withSettings = (row: {
  client: typeof clients.$inferSelect;
  settings: NotificationSettingsRow | null;
}): ClientNotificationSettings => ({
  client: row.client,
  settings: resolveNotificationSettings(row.client, row.settings),
});

/** One client and its resolved settings, or undefined when the client does not exist (deleted since). */
export async function findClientNotificationSettings(db: DbOrTx, clientId: string): Promise<ClientNotificationSettings | undefined> {
  const [row] = await db
    .select({ client: clients, settings: notificationSettings })
    .from(clients)
    .leftJoin(notificationSettings, eq(notificationSettings.clientId, clients.id))
    .where(eq(clients.id, clientId));
  return row ? withSettings(row) : undefined;
}

/** Every client with its resolved settings, by id: the weekly planner's input (agencies have hundreds). */
export async function listClientNotificationSettings(db: DbOrTx): Promise<ClientNotificationSettings[]> {
  const rows = await db
    .select({ client: clients, settings: notificationSettings })
    .from(clients)
    .leftJoin(notificationSettings, eq(notificationSettings.clientId, clients.id))
    .orderBy(asc(clients.id));
  return rows.map(withSettings);
}
