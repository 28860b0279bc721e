import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { eventType } from './enums';
import { linkedinAccounts } from './accounts';
import { campaigns, leads } from './campaigns';
import { clients, users } from './tenants';
import { conversations, MESSAGE_ORIGINS, MESSAGE_STATUSES } from './inbox';

/**
 * Consistent keys of `events.meta`: method, step, unipile_message_id, provider_message_id, chat_id,
 * detection (webhook | polling | relations_sync), plus per-type extras.
 */
export type EventMeta = Record<string, unknown> & {
  method?: string;
  step?: number;
  unipile_message_id?: string;
  provider_message_id?: string;
  chat_id?: string;
  detection?: 'webhook' | 'polling' | 'relations_sync';
};

/** The append-only history of everything that happened; one action writes exactly one event. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'cascade' }),
    linkedinAccountId: uuid('linkedin_account_id').references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    type: eventType('type').notNull(),
    /** The external id the event is about (Unipile message id for messages); the dedupe key. */
    externalId: text('external_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    meta: jsonb('meta').$type<EventMeta>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A reply is recorded once per lead however many times it is delivered or polled.
    uniqueIndex('events_message_received_uq')
      .on(t.leadId, t.externalId)
      .where(sql`${t.type} = 'message_received'`),
    // Acceptance is detected by webhook, polling and relations sync; only the first one counts.
    uniqueIndex('events_connection_accepted_uq')
      .on(t.leadId)
      .where(sql`${t.type} in ('connection_accepted', 'connection_accepted_historical')`),
    index('events_lead_idx').on(t.leadId, t.occurredAt),
    index('events_client_type_idx').on(t.clientId, t.type, t.occurredAt),
    index('events_campaign_type_idx').on(t.campaignId, t.type, t.occurredAt),
    // Exports and raw recounts walk one campaign's events in time order.
    index('events_client_campaign_time_idx').on(t.clientId, t.campaignId, t.occurredAt, t.id),
  ],
);

/** Every LinkedIn message we know of, both directions: the inbox and the polling dedupe set. */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    linkedinAccountId: uuid('linkedin_account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    chatId: text('chat_id').notNull(),
    externalMessageId: text('external_message_id').notNull(),
    providerMessageId: text('provider_message_id'),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    senderProviderId: text('sender_provider_id'),
    text: text('text'),
    attachments: jsonb('attachments').$type<unknown[]>().notNull().default([]),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    detection: text('detection', { enum: ['webhook', 'polling', 'relations_sync', 'api'] }).notNull(),
    /** Null only for rows older than the inbox; set by the same transaction that stores the message. */
    conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
    origin: text('origin', { enum: MESSAGE_ORIGINS }).notNull().default('prospect'),
    /** `pending` → `sent` | `failed` for inbox replies; every message learnt from LinkedIn is `sent`. */
    status: text('status', { enum: MESSAGE_STATUSES }).notNull().default('sent'),
    failureReason: text('failure_reason'),
    sentByUserId: uuid('sent_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The `Idempotency-Key` of an inbox reply: the same key twice in a conversation is one send. */
    idempotencyKey: text('idempotency_key'),
    /** An inbox reply's send claim: set before Unipile is called, so a retry knows it may have gone out. */
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('messages_account_external_uq').on(t.linkedinAccountId, t.externalMessageId),
    index('messages_lead_idx').on(t.leadId, t.sentAt),
    index('messages_chat_idx').on(t.linkedinAccountId, t.chatId, t.sentAt),
    index('messages_conversation_idx').on(t.conversationId, t.sentAt, t.id),
    uniqueIndex('messages_idempotency_uq')
      .on(t.conversationId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
    // The few inbox replies not yet sent, for the sweep that re-enqueues a lost send job.
    index('messages_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    // Full-text search of the inbox (`q`); the query repeats this exact expression to use it.
    index('messages_search_idx').using('gin', sql`to_tsvector('simple', coalesce(${t.text}, ''))`),
  ],
);
