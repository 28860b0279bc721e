import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clients } from './tenants';
import { leads } from './campaigns';

export const DELIVERY_OUTCOMES = [
  'pending', // stored, processing not finished (or crashed: the job retries)
  'matched', // an inbound message matched a lead: a reply
  'unmatched', // an inbound message no lead of the account's client matched; `tried_keys` says why
  'own_message', // our own message echoed back (is_sender true): never a reply
  'connected', // new_relation matched a lead
  'recorded', // read / reaction / edit / delete / relation without a lead: kept, nothing to do
  'status_updated', // account status stored
  'unknown_account', // the Unipile account is not one of ours
  'ignored', // a delivery of a kind we do not know
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/**
 * Every webhook delivery webhook-ingest acknowledged, stored raw before anything else happens so it
 * can be inspected and replayed. `delivery_key` is the ingest dedupe key: Unipile's retries collapse here.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliveryKey: text('delivery_key').notNull(),
    /** messaging | users | account_status | unknown, decided from the payload's shape. */
    kind: text('kind').notNull(),
    event: text('event'),
    /** The ingest URL it arrived on; may disagree with `kind` (a misdirected webhook). */
    route: text('route').notNull(),
    unipileAccountId: text('unipile_account_id'),
    chatId: text('chat_id'),
    messageId: text('message_id'),
    body: jsonb('body').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    outcome: text('outcome', { enum: DELIVERY_OUTCOMES }).notNull().default('pending'),
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'set null' }),
    leadId: uuid('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    /** The match key that won (e.g. provider_id), or null. */
    matchKey: text('match_key'),
    /** Every identifier tried while matching: what an on-call engineer reads for "not detected". */
    triedKeys: jsonb('tried_keys').$type<Array<{ key: string; value: string }>>().notNull().default([]),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_key_uq').on(t.deliveryKey),
    index('webhook_deliveries_lead_idx').on(t.leadId, t.receivedAt),
    index('webhook_deliveries_outcome_idx').on(t.outcome, t.receivedAt),
    index('webhook_deliveries_account_idx').on(t.unipileAccountId, t.receivedAt),
  ],
);
