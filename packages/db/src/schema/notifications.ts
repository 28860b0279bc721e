import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { events } from './activity';
import { clients } from './tenants';

/** Events a client's outbound webhook may subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['message_received', 'connection_accepted', 'account_status_changed', 'rate_limited'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * Per-client notification and report settings. No row means the defaults: notifications on, sent
 * at once to `clients.notification_emails`; weekly reports on, Monday 08:00 in the client's zone,
 * to `clients.report_emails`.
 */
export const notificationSettings = pgTable('notification_settings', {
  clientId: uuid('client_id')
    .primaryKey()
    .references(() => clients.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(true),
  recipients: text('recipients')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** 0 = one email per reply at once; otherwise replies arriving within this many minutes share one email. */
  digestMinutes: integer('digest_minutes').notNull().default(0),
  slackWebhookUrl: text('slack_webhook_url'),
  webhookUrl: text('webhook_url'),
  /** Standard Webhooks signing secret (`whsec_…`); never returned by the API. */
  webhookSecret: text('webhook_secret'),
  webhookEvents: text('webhook_events')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  reportsEnabled: boolean('reports_enabled').notNull().default(true),
  reportRecipients: text('report_recipients')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** ISO weekday (1 = Monday) and local hour at which the weekly report goes out. */
  reportWeekday: integer('report_weekday').notNull().default(1),
  reportHour: integer('report_hour').notNull().default(8),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One notification of one event on one channel (`email`, `slack`, `webhook`). `dedupe_key` makes a
 * re-run of the same job a no-op: `<channel>:event:<event id>`.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    eventId: bigint('event_id', { mode: 'number' }).references(() => events.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: ['email', 'slack', 'webhook'] }).notNull(),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** pending → sent | failed | skipped; `batched` while an email waits for its digest window. */
    status: text('status', { enum: ['pending', 'batched', 'sent', 'failed', 'skipped'] })
      .notNull()
      .default('pending'),
    /** The email that carried this notification (digests carry several). */
    emailId: uuid('email_id').references(() => emails.id, { onDelete: 'set null' }),
    attempts: integer('attempts').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notifications_dedupe_uq').on(t.dedupeKey),
    index('notifications_client_status_idx').on(t.clientId, t.channel, t.status, t.createdAt),
    // Digest flushes and email outcomes find a digest's notifications by the email that carries them.
    index('notifications_email_idx').on(t.emailId),
    // The API's newest-first list of a client's notifications.
    index('notifications_client_created_idx').on(t.clientId, t.createdAt, t.id),
  ],
);

/**
 * Every email the platform sends or would send. With `RESEND_API_KEY` set the transport is
 * `resend`; otherwise `outbox` (kept here and shown at `GET /api/admin/outbox`). `dedupe_key` makes
 * one email per business key (a reply digest, a client's week and recipient) however often a job runs.
 */
export const emails = pgTable(
  'emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['reply_notification', 'reply_digest', 'weekly_report', 'inbox_assigned_reply'] }).notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    to: text('to').array().notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    transport: text('transport', { enum: ['resend', 'outbox'] }).notNull(),
    /** pending → sent | failed. Outbox emails are `sent` once stored. */
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    providerMessageId: text('provider_message_id'),
    attempts: integer('attempts').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('emails_dedupe_uq').on(t.dedupeKey),
    index('emails_created_idx').on(t.createdAt, t.id),
    index('emails_client_idx').on(t.clientId, t.createdAt),
  ],
);

/** Recipients who unsubscribed from a client's weekly report through the signed link. */
export const emailUnsubscribes = pgTable(
  'email_unsubscribes',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    /** Lower-cased address. */
    email: text('email').notNull(),
    list: text('list', { enum: ['weekly_report'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.email, t.list] })],
);
