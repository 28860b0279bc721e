import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { userRole } from './enums';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};
export { timestamps };

/** An agency's client: the tenant boundary. Every row below hangs off one. */
export const clients = pgTable('clients', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  reportEmails: text('report_emails')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  notificationEmails: text('notification_emails')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  ...timestamps,
});

/** Operators. Admins have no client (they see every client); agents and viewers have exactly one. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id').references(() => clients.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: userRole('role').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /**
     * Access tokens issued before this instant are refused: set on a password, role or client
     * change and by logout. Null: every unexpired token of the user is valid.
     */
    tokensValidAfter: timestamp('tokens_valid_after', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex('users_email_lower_uq').on(sql`lower(${t.email})`), index('users_client_idx').on(t.clientId)],
);

/** Integration keys per client, stored as a hash; `prefix` lets an operator recognise one in a list. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The user who created the key: disabling or deleting that user revokes it. Null for keys older than this column. */
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('api_keys_hash_uq').on(t.keyHash),
    index('api_keys_client_idx').on(t.clientId),
    index('api_keys_created_by_idx').on(t.createdByUserId),
  ],
);
