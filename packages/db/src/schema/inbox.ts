import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { linkedinAccounts } from './accounts';
import { campaigns, leads } from './campaigns';
import { clients, users } from './tenants';

/** Contract: conversation statuses of the inbox. */
export const CONVERSATION_STATUSES = ['open', 'pending', 'snoozed', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** Contract: who wrote a message (`prospect` inbound; the rest outbound). */
export const MESSAGE_ORIGINS = ['sequence', 'inbox', 'external_device', 'prospect'] as const;
export type MessageOrigin = (typeof MESSAGE_ORIGINS)[number];

/** Delivery state of a message: only inbox replies are ever `pending` or `failed`. */
export const MESSAGE_STATUSES = ['pending', 'sent', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * One thread of one LinkedIn account with the other side (one Unipile chat). Aggregates
 * (`last_message_at`, `last_inbound_at`, preview) are kept by the ingestion statement so the list
 * never reads messages. Labels are a text array (GIN-indexed): a label belongs to one
 * conversation's triage and needs no table of its own.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    linkedinAccountId: uuid('linkedin_account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    chatId: text('chat_id').notNull(),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'set null' }),
    status: text('status', { enum: CONVERSATION_STATUSES }).notNull().default('open'),
    /** Set with status `snoozed`: reopens at this time (a scheduled job, within 60 s). */
    snoozeUntil: timestamp('snooze_until', { withTimezone: true }),
    /** Set with status `snoozed`: reopens when the contact writes (whether or not a time is set). */
    snoozeUntilReply: boolean('snooze_until_reply').notNull().default(false),
    assigneeUserId: uuid('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
    labels: text('labels')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull(),
    lastMessagePreview: text('last_message_preview'),
    lastMessageDirection: text('last_message_direction', { enum: ['inbound', 'outbound'] }),
    /** Drives unread: a user has unread messages when this is after their `last_read_at`. */
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('conversations_account_chat_uq').on(t.linkedinAccountId, t.chatId),
    // Keyset pages of the list, newest activity first, one per filter the list is narrowed by most.
    // drizzle's `.desc()` is DESC NULLS LAST: the list orders `desc nulls last` to match (both columns
    // are NOT NULL, so it means the same), or Postgres sorts the whole tenant instead (100 ms vs 0.2 ms at 50k).
    index('conversations_client_last_idx').on(t.clientId, t.lastMessageAt.desc(), t.id.desc()),
    index('conversations_client_status_last_idx').on(t.clientId, t.status, t.lastMessageAt.desc(), t.id.desc()),
    index('conversations_client_assignee_idx').on(t.clientId, t.assigneeUserId, t.lastMessageAt.desc(), t.id.desc()),
    index('conversations_client_assignee_status_idx').on(t.clientId, t.assigneeUserId, t.status, t.lastMessageAt.desc(), t.id.desc()),
    index('conversations_campaign_idx').on(t.campaignId, t.lastMessageAt.desc(), t.id.desc()),
    index('conversations_account_last_idx').on(t.linkedinAccountId, t.lastMessageAt.desc(), t.id.desc()),
    index('conversations_lead_idx').on(t.leadId),
    index('conversations_labels_idx').using('gin', t.labels),
    index('conversations_snooze_due_idx')
      .on(t.snoozeUntil)
      .where(sql`${t.status} = 'snoozed' and ${t.snoozeUntil} is not null`),
  ],
);

/** The people of a conversation as Unipile names them (the account owner is `is_self`). */
export const conversationParticipants = pgTable(
  'conversation_participants',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    providerId: text('provider_id').notNull(),
    name: text('name'),
    profileUrl: text('profile_url'),
    isSelf: boolean('is_self').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.providerId] })],
);

/** Per-user read position: user A reading leaves user B's unread alone. */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }),
    /** "Mark as unread": unread whatever `last_read_at` says, until read again. */
    markedUnread: boolean('marked_unread').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversationId, t.userId] }), index('conversation_reads_user_idx').on(t.userId)],
);

/**
 * The SSE outbox. Writers insert rows with `seq` null and take no lock, so their ids may commit out
 * of order. The stream's public, strictly increasing id is `seq`, stamped after commit by one
 * stamper at a time (`stampInboxEvents`, under `INBOX_STAMP_LOCK`): a reader that saw seq N never
 * later finds a committed seq below N, and `Last-Event-ID` replay is exact.
 */
export const inboxEvents = pgTable(
  'inbox_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The public event id: null until the relay stamps the committed row. */
    seq: bigint('seq', { mode: 'number' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('inbox_events_seq_idx').on(t.seq),
    index('inbox_events_client_seq_idx').on(t.clientId, t.seq),
    index('inbox_events_unstamped_idx')
      .on(t.id)
      .where(sql`${t.seq} is null`),
    index('inbox_events_created_idx').on(t.createdAt),
  ],
);

/** The advisory lock key the stamper of `inbox_events.seq` holds to commit (writers never take it). */
export const INBOX_STAMP_LOCK = 7_110_011;
