import { boolean, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from './tenants';

/**
 * Global switches every worker reads before acting (key `scheduler`: is automation running).
 * Kept in Postgres so a stop survives restarts and reaches every process.
 */
export const automationState = pgTable('automation_state', {
  key: text('key').primaryKey(),
  running: boolean('running').notNull(),
  reason: text('reason'),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A hosted-auth link handed out by `POST /api/linkedin-accounts/connect`; its callback finds the client here. */
export const accountConnectRequests = pgTable('account_connect_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  clientId: uuid('client_id')
    .notNull()
    .references(() => clients.id, { onDelete: 'cascade' }),
  /** Sent to Unipile as the link's `name` and returned in the callback. */
  token: text('token').notNull().unique(),
  accountName: text('account_name'),
  timezone: text('timezone').notNull().default('UTC'),
  unipileAccountId: text('unipile_account_id'),
  completedAt: timestamp('completed_at', { withTimezone: true }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
