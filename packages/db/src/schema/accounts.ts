import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { rateAction } from './enums';
import { clients, timestamps } from './tenants';

/** A LinkedIn account connected through Unipile, owned by one client. */
export const linkedinAccounts = pgTable(
  'linkedin_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    unipileAccountId: text('unipile_account_id').notNull(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull().default('UTC'),
    /** The account's own LinkedIn provider id (ACoA…): tells our own messages from a prospect's. */
    providerUserId: text('provider_user_id'),
    publicIdentifier: text('public_identifier'),
    /** Last status Unipile reported (OK, CREDENTIALS, STOPPED, …); assumed OK until told otherwise. */
    status: text('status').notNull().default('OK'),
    statusUpdatedAt: timestamp('status_updated_at', { withTimezone: true }),
    dailyInviteLimit: integer('daily_invite_limit').notNull().default(25),
    dailyMessageLimit: integer('daily_message_limit').notNull().default(100),
    dailyProfileViewLimit: integer('daily_profile_view_limit').notNull().default(80),
    weeklyInviteLimit: integer('weekly_invite_limit').notNull().default(100),
    /** Random gap between two actions of the account, in seconds; fractions allowed (tests and trusted accounts use 0–1 s). */
    minActionSpacingSeconds: doublePrecision('min_action_spacing_seconds').notNull().default(60),
    maxActionSpacingSeconds: doublePrecision('max_action_spacing_seconds').notNull().default(300),
    /** Optional warm-up: the daily caps ramp from this many actions up to the limits over `warmup_days`. */
    warmupStartLimit: integer('warmup_start_limit'),
    warmupDays: integer('warmup_days'),
    /** Set when a provider limit signal (429, limit_exceeded) or an auth error stops sends for a while. */
    cooldownUntil: timestamp('cooldown_until', { withTimezone: true }),
    pausedReason: text('paused_reason'),
    ...timestamps,
  },
  (t) => [uniqueIndex('linkedin_accounts_unipile_uq').on(t.unipileAccountId), index('linkedin_accounts_client_idx').on(t.clientId)],
);

/** Durable mirror of the Redis rate counters: per account, action and day in the account's timezone. */
export const rateUsage = pgTable(
  'rate_usage',
  {
    linkedinAccountId: uuid('linkedin_account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    action: rateAction('action').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: integer('count').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.linkedinAccountId, t.action, t.day] })],
);

/**
 * Sends the sender held back, per account, account-local day and cap (daily_cap, weekly_cap,
 * spacing, window_closed, cooldown): `count` deferral decisions. `last_subject_id`/`last_until` make
 * a replay of the same decision (a job re-run after a crash between the record and its move to the
 * delayed set) count once. Written by one upsert on the sender's wait path; read by rate-usage.
 */
export const rateDeferrals = pgTable(
  'rate_deferrals',
  {
    linkedinAccountId: uuid('linkedin_account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    count: integer('count').notNull().default(0),
    lastSubjectId: uuid('last_subject_id'),
    lastUntil: timestamp('last_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.linkedinAccountId, t.day, t.reason] }),
    check('rate_deferrals_reason_ck', sql`${t.reason} in ('daily_cap', 'weekly_cap', 'spacing', 'window_closed', 'cooldown')`),
  ],
);

/**
 * Every version of an account's limits, from the instant it took effect: written by a trigger on
 * `linkedin_accounts` (insert, or an update that changes a limit), so no write path can skip it.
 * Rate-usage reports each day against the version in force at the day's end.
 */
export const accountLimitHistory = pgTable(
  'account_limit_history',
  {
    linkedinAccountId: uuid('linkedin_account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    effectiveFrom: timestamp('effective_from', { withTimezone: true }).notNull(),
    dailyInviteLimit: integer('daily_invite_limit').notNull(),
    dailyMessageLimit: integer('daily_message_limit').notNull(),
    dailyProfileViewLimit: integer('daily_profile_view_limit').notNull(),
    weeklyInviteLimit: integer('weekly_invite_limit').notNull(),
    warmupStartLimit: integer('warmup_start_limit'),
    warmupDays: integer('warmup_days'),
  },
  (t) => [primaryKey({ columns: [t.linkedinAccountId, t.effectiveFrom] })],
);
