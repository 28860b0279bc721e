import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { eventType } from './enums';

/**
 * Event counts per (client, campaign, account, event type, quarter-hour slot): a faster way to
 * read `events`, never a second truth. Quarter hours (not UTC hours) so that every zone's local
 * hours, +05:30 and +05:45 included, are sums of slots. No column carries a foreign key: the rows
 * are derived data and vanish with their client (a trigger on `clients`).
 */
export const eventRollups = pgTable(
  'event_rollups',
  {
    // No foreign key: a per-row check cost a quarter of the rollup's time; the rows are deleted
    // with their client by the `clients_delete_analytics` trigger instead.
    clientId: uuid('client_id').notNull(),
    campaignId: uuid('campaign_id'),
    linkedinAccountId: uuid('linkedin_account_id'),
    type: eventType('type').notNull(),
    slot: timestamp('slot', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [
    // Led by client, campaign and slot, so it also serves every per-campaign window read (one index fewer to write).
    unique('event_rollups_key_uq').on(t.clientId, t.campaignId, t.slot, t.linkedinAccountId, t.type).nullsNotDistinct(),
    index('event_rollups_account_slot_idx').on(t.clientId, t.linkedinAccountId, t.slot),
    index('event_rollups_client_slot_idx').on(t.clientId, t.slot),
  ],
);

/**
 * One row per lead (an enrollment: a lead belongs to one campaign) with the first instant of each
 * stage. Written with LEAST/GREATEST and additive counts, so events can be applied in any order
 * (late webhooks, poll backfills) and give the same row.
 */
export const leadFacts = pgTable(
  'lead_facts',
  {
    leadId: uuid('lead_id').primaryKey(),
    // No foreign key: a per-row check cost a quarter of the rollup's time; the rows are deleted
    // with their client by the `clients_delete_analytics` trigger instead.
    clientId: uuid('client_id').notNull(),
    campaignId: uuid('campaign_id'),
    firstInviteAt: timestamp('first_invite_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** `connection_accepted_historical`: connected before the platform saw the lead. */
    alreadyConnectedAt: timestamp('already_connected_at', { withTimezone: true }),
    /** First `message_sent` of the sequence (not an operator's manual send). */
    firstMessageAt: timestamp('first_message_at', { withTimezone: true }),
    /** First outbound touch of any kind (invite, sequence or manual message). */
    firstTouchAt: timestamp('first_touch_at', { withTimezone: true }),
    firstReplyAt: timestamp('first_reply_at', { withTimezone: true }),
    lastReplyAt: timestamp('last_reply_at', { withTimezone: true }),
    replies: integer('replies').notNull().default(0),
  },
  (t) => [
    index('lead_facts_campaign_invite_idx').on(t.clientId, t.campaignId, t.firstInviteAt),
    index('lead_facts_campaign_reply_idx').on(t.clientId, t.campaignId, t.firstReplyAt),
  ],
);

/** How far the rollup worker has counted `events` (by id); locked by the run that moves it. */
export const analyticsRollupCursor = pgTable('analytics_rollup_cursor', {
  name: text('name').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Event ids below the cursor that were missing when it passed them: a transaction still in flight
 * (counted when it appears) or rolled back / a conflict that consumed the id (dropped after a while).
 */
export const analyticsRollupGaps = pgTable(
  'analytics_rollup_gaps',
  {
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.eventId] })],
);
