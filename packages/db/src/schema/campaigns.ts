import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { activeLeadStatusList, campaignStatus, leadStatus, stepAction } from './enums';
import { linkedinAccounts } from './accounts';
import { clients, timestamps } from './tenants';

/** A sequence run by one LinkedIn account on its own working calendar. */
export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    linkedinAccountId: uuid('linkedin_account_id')
      .notNull()
      .references(() => linkedinAccounts.id),
    name: text('name').notNull(),
    status: campaignStatus('status').notNull().default('draft'),
    timezone: text('timezone').notNull().default('UTC'),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    workingDays: integer('working_days')
      .array()
      .notNull()
      .default(sql`'{1,2,3,4,5}'::integer[]`),
    workingHoursStart: text('working_hours_start').notNull().default('09:00'),
    workingHoursEnd: text('working_hours_end').notNull().default('17:00'),
    /** Dates (YYYY-MM-DD) in the campaign's timezone on which nothing is sent. */
    holidays: text('holidays')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Variables beyond the standard ones that this campaign's leads carry (extra CSV columns); templates may use them. */
    customFields: text('custom_fields')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Whether leads already connected (first degree) are messaged or skipped. */
    messageFirstDegree: boolean('message_first_degree').notNull().default(true),
    startedAt: timestamp('started_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('campaigns_client_idx').on(t.clientId), index('campaigns_account_idx').on(t.linkedinAccountId)],
);

/** One step of a campaign's sequence; `position` starts at 0. */
export const sequenceSteps = pgTable(
  'sequence_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    action: stepAction('action').notNull(),
    template: text('template').notNull().default(''),
    delayWorkingDays: integer('delay_working_days'),
    delayMinutes: integer('delay_minutes'),
    acceptTimeoutDays: integer('accept_timeout_days'),
    ...timestamps,
  },
  (t) => [uniqueIndex('sequence_steps_campaign_position_uq').on(t.campaignId, t.position)],
);

/** One person in one campaign. The same person may be a lead in several campaigns of a client. */
export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    firstName: text('first_name'),
    lastName: text('last_name'),
    company: text('company'),
    title: text('title'),
    profileUrl: text('profile_url'),
    /** LinkedIn vanity slug, lower-cased, without query string. */
    publicIdentifier: text('public_identifier'),
    /** LinkedIn provider id (ACoA…), resolved by a profile lookup or learnt from a webhook. */
    providerId: text('provider_id'),
    /** Numeric LinkedIn member id, when a payload or lookup revealed it. */
    memberId: text('member_id'),
    /** The Unipile chat id of the 1:1 conversation with this person. */
    conversationId: text('conversation_id'),
    customFields: jsonb('custom_fields').$type<Record<string, string>>().notNull().default({}),
    status: leadStatus('status').notNull().default('pending_invite'),
    /** Index of the next sequence step to run. */
    currentStep: integer('current_step').notNull().default(0),
    nextActionAt: timestamp('next_action_at', { withTimezone: true }),
    lastStepSentAt: timestamp('last_step_sent_at', { withTimezone: true }),
    inviteSentAt: timestamp('invite_sent_at', { withTimezone: true }),
    connectedAt: timestamp('connected_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    retryCount: integer('retry_count').notNull().default(0),
    /** Why automation stopped for a lead that did not finish its own sequence (e.g. replied_in_other_campaign). */
    stopReason: text('stop_reason'),
    ...timestamps,
  },
  (t) => [
    index('leads_client_provider_idx').on(t.clientId, t.providerId),
    index('leads_client_public_idx').on(t.clientId, t.publicIdentifier),
    index('leads_client_member_idx').on(t.clientId, t.memberId),
    index('leads_client_conversation_idx').on(t.clientId, t.conversationId),
    index('leads_campaign_status_idx').on(t.campaignId, t.status, t.id),
    index('leads_campaign_created_idx').on(t.campaignId, t.createdAt, t.id),
    // One person once per campaign: an import repeated creates nothing.
    uniqueIndex('leads_campaign_public_uq')
      .on(t.campaignId, t.publicIdentifier)
      .where(sql`${t.publicIdentifier} is not null`),
    uniqueIndex('leads_campaign_provider_uq')
      .on(t.campaignId, t.providerId)
      .where(sql`${t.providerId} is not null`),
    // The sequencer's "what is due" scan reads only leads that can still act.
    index('leads_due_idx')
      .on(t.nextActionAt)
      .where(sql`${t.status} in (${activeLeadStatusList})`),
  ],
);
