import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { campaigns, conversationParticipants, conversations, leads, messages, users, type ConversationStatus } from '../schema';
import { appendInboxEvent } from './inbox-ingest';
import { readsJoin, unreadSql } from './inbox-list';

export type Conversation = typeof conversations.$inferSelect;
export type InboxMessage = typeof messages.$inferSelect;

/** Tenant scope of an inbox query: `clientId` null means every client (admins). */
export interface InboxScope {
  clientId: string | null;
  userId: string | null;
}

const inScope = (scope: InboxScope, id: string): SQL | undefined =>
  and(eq(conversations.id, id), scope.clientId ? eq(conversations.clientId, scope.clientId) : undefined);

/** A conversation within the caller's tenant, with the caller's unread flag; undefined when not theirs. */
export async function findConversation(
  db: DbOrTx,
  scope: InboxScope,
  id: string,
): Promise<(Conversation & { unread: boolean }) | undefined> {
  const [row] = await db.select().from(conversations).where(inScope(scope, id));
  if (!row) return undefined;
  const flags = (await db.execute(
    sql`select ${unreadSql} as unread from conversations c ${readsJoin(scope.userId)} where c.id = ${id}::uuid`,
  )) as unknown as Array<{ unread: boolean }>;
  return { ...row, unread: flags[0]?.unread ?? false };
}

/** What the conversation view shows beside the thread: participants, lead, campaign, last message. */
export async function loadConversationContext(db: DbOrTx, c: Conversation) {
  const [participants, lead, campaign, last] = await Promise.all([
    db.select().from(conversationParticipants).where(eq(conversationParticipants.conversationId, c.id)),
    c.leadId
      ? db
          .select()
          .from(leads)
          .where(eq(leads.id, c.leadId))
          .then((r) => r[0])
      : undefined,
    c.campaignId
      ? db
          .select({ id: campaigns.id, name: campaigns.name, status: campaigns.status })
          .from(campaigns)
          .where(eq(campaigns.id, c.campaignId))
          .then((r) => r[0])
      : undefined,
    db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, c.id))
      .orderBy(desc(messages.sentAt), desc(messages.id))
      .limit(1)
      .then((r) => r[0]),
  ]);
  return { participants, lead, campaign, lastMessage: last };
}

/** One page of a conversation's messages in either order, keyset on (sent_at, id). */
export async function listConversationMessages(
  db: DbOrTx,
  conversationId: string,
  page: { order: 'asc' | 'desc'; limit: number; after?: { t: string; id: string } },
): Promise<Array<{ row: InboxMessage; cursorAt: string }>> {
  const cmp = page.order === 'asc' ? sql`>` : sql`<`;
  const after = page.after
    ? sql`(${messages.sentAt}, ${messages.id}) ${cmp} (${page.after.t}::timestamptz, ${page.after.id}::uuid)`
    : undefined;
  const dir = page.order === 'asc' ? asc : desc;
  return db
    .select({ row: messages, cursorAt: sql<string>`to_char(${messages.sentAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), after))
    .orderBy(dir(messages.sentAt), dir(messages.id))
    .limit(page.limit);
}

/**
 * Changes a conversation inside the tenant and appends its outbox event in the same transaction.
 * Returns undefined when the conversation is not the caller's (a 404, whatever the reason).
 */
export async function updateConversation(
  db: DbOrTx,
  scope: InboxScope,
  id: string,
  set: Partial<typeof conversations.$inferInsert>,
  event: { type: string; payload: Record<string, unknown> },
): Promise<Conversation | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(conversations)
      .set({ ...set, updatedAt: new Date() })
      .where(inScope(scope, id))
      .returning();
    if (!row) return undefined;
    await appendInboxEvent(tx, {
      clientId: row.clientId,
      conversationId: row.id,
      type: event.type,
      payload: { conversation_id: row.id, ...event.payload },
    });
    return row;
  });
}

/**
 * Moves the caller's read position (per user: another user's unread is untouched). `read` puts
 * it at the newest inbound message or now, whichever is later; `unread` marks it unread until read.
 */
export async function setReadState(db: DbOrTx, conversation: Conversation, userId: string, state: 'read' | 'unread'): Promise<void> {
  await db.transaction(async (tx) => {
    if (state === 'read') {
      await tx.execute(sql`
        insert into conversation_reads (conversation_id, user_id, last_read_at, marked_unread)
        values (${conversation.id}, ${userId}, greatest(now(), ${conversation.lastInboundAt?.toISOString() ?? null}::timestamptz), false)
        on conflict (conversation_id, user_id) do update set last_read_at = excluded.last_read_at, marked_unread = false, updated_at = now()`);
    } else {
      await tx.execute(sql`
        insert into conversation_reads (conversation_id, user_id, marked_unread) values (${conversation.id}, ${userId}, true)
        on conflict (conversation_id, user_id) do update set marked_unread = true, updated_at = now()`);
    }
    await appendInboxEvent(tx, {
      clientId: conversation.clientId,
      conversationId: conversation.id,
      type: 'conversation.read_state',
      payload: { conversation_id: conversation.id, user_id: userId, unread: state === 'unread' },
    });
  });
}

/** Whether a user may be assigned conversations of this client: an enabled member of it, or an admin. */
export async function isAssignableUser(db: DbOrTx, clientId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.id, userId), sql`${users.disabledAt} is null`, sql`(${users.clientId} = ${clientId}::uuid or ${users.role} = 'admin')`),
    );
  return row !== undefined;
}

export type { ConversationStatus };

/** What the assignee's email about a new inbound message says, or undefined when nobody is to be told. */
export async function loadAssigneeNotice(db: DbOrTx, clientId: string, messageId: string) {
  const [row] = await db
    .select({
      message: messages,
      conversation: conversations,
      assignee: { id: users.id, email: users.email, disabledAt: users.disabledAt },
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(users, eq(users.id, conversations.assigneeUserId))
    .where(and(eq(messages.id, messageId), eq(messages.clientId, clientId), eq(messages.direction, 'inbound')));
  if (!row || row.assignee.disabledAt) return undefined;
  const lead = row.conversation.leadId
    ? (
        await db.select({ firstName: leads.firstName, lastName: leads.lastName }).from(leads).where(eq(leads.id, row.conversation.leadId))
      )[0]
    : undefined;
  return { ...row, leadName: lead ? [lead.firstName, lead.lastName].filter(Boolean).join(' ') : null };
}
