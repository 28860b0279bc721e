import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { CONVERSATION_STATUSES } from './inbox';

/**
 * A ledger of conversation counts per (client, status, assignee): the list's `meta` and the unread
 * counters sum a client's few rows here instead of counting its conversations.
 *
 * Statement triggers on `conversations` (migration `inbox_counts_triggers`) append one delta row per
 * changed key in the transaction of every statement that inserts, deletes or changes a conversation's
 * status, assignee or first inbound message, whoever runs it (ingestion, the API, the snooze job, a
 * cascade from a client, account or user), so the sum is exact in every snapshot. Appending, not
 * updating a shared row, means writers never wait on each other here and never take a lock after
 * the outbox's (`INBOX_EVENTS_LOCK`). `compactInboxCounts` folds a client's rows into one per key.
 *
 * `with_inbound`: conversations with an inbound message, unread for a user who never read them
 * (see `countUnread`). No foreign keys: a deleted client's rows are dropped by the compaction, and
 * a deleted user's conversations move to "unassigned" through the same trigger.
 */
export const conversationCounts = pgTable(
  'conversation_counts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clientId: uuid('client_id').notNull(),
    status: text('status', { enum: CONVERSATION_STATUSES }).notNull(),
    assigneeUserId: uuid('assignee_user_id'),
    total: integer('total').notNull(),
    withInbound: integer('with_inbound').notNull(),
    /** False for a trigger's delta; true for a compacted sum (the compaction looks for the former). */
    isCompacted: boolean('is_compacted').notNull().default(false),
  },
  (t) => [
    index('conversation_counts_client_idx').on(t.clientId),
    index('conversation_counts_pending_idx')
      .on(t.clientId)
      .where(sql`not ${t.isCompacted}`),
  ],
);
