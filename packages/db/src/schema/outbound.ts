import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { outboundActionKind, outboundStatus } from './enums';
import { linkedinAccounts } from './accounts';
import { campaigns, leads } from './campaigns';
import { clients, timestamps } from './tenants';

/**
 * The claim on one step of one lead: written before Unipile is called so a crash or a retry can
 * tell "never sent" (queued) from "maybe sent" (sending) from "sent".
 */
export const outboundActions = pgTable(
  'outbound_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    linkedinAccountId: uuid('linkedin_account_id')
      .notNull()
      .references(() => linkedinAccounts.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    action: outboundActionKind('action').notNull(),
    status: outboundStatus('status').notNull().default('queued'),
    /** The BullMQ job that carries this action, so a reply can remove it from the queue. */
    jobId: text('job_id'),
    /**
     * Bumped each time a cancelled action is queued again (campaign resumed, account back to OK):
     * part of the job id, because the earlier job is kept as completed and would swallow a re-add.
     */
    revision: integer('revision').notNull().default(0),
    renderedText: text('rendered_text'),
    unipileMessageId: text('unipile_message_id'),
    chatId: text('chat_id'),
    invitationId: text('invitation_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    attempts: integer('attempts').notNull().default(0),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('outbound_actions_lead_step_uq').on(t.leadId, t.step, t.action),
    index('outbound_actions_status_idx').on(t.leadId, t.status),
    index('outbound_actions_account_idx').on(t.linkedinAccountId, t.status),
  ],
);
