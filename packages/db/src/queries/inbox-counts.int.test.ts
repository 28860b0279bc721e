import { randomUUID } from 'node:crypto';
import { loadConfig } from '@outreach/config';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { createDatabase, type Database } from '../client';
import { clients, CONVERSATION_STATUSES, conversations, linkedinAccounts, messages, users, type ConversationStatus } from '../schema';
import { compactInboxCounts, countConversations, countUnread } from './inbox-counts';
import { setReadState, updateConversation } from './inbox-conversations';
import { fileInboxMessage, reopenElapsedSnoozes } from './inbox-ingest';
import { listConversationsSql, type InboxFilter } from './inbox-list';

// The inbox's `meta` and unread counters come from a ledger that statement triggers keep. These
// tests hold it to the definition: the same figures as counting the conversations, in every
// snapshot, while many writers change conversations at once (and cascades delete them).

const { TEST_DATABASE_URL } = loadConfig(
  z.object({ TEST_DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/outreach_test') }),
);
let database: Database;
beforeAll(() => {
  database = createDatabase(TEST_DATABASE_URL, { max: 10 });
});
afterAll(() => database.close());

async function tenant() {
  const [client] = await database.db
    .insert(clients)
    .values({ name: `Counts ${randomUUID()}` })
    .returning();
  const account = async () =>
    (
      await database.db
        .insert(linkedinAccounts)
        .values({ clientId: client!.id, unipileAccountId: `acc_${randomUUID()}`, name: 'Sender' })
        .returning()
    )[0]!;
  const user = async () =>
    (
      await database.db
        .insert(users)
        .values({ email: `counts-${randomUUID()}@example.test`, role: 'agent', clientId: client!.id, passwordHash: 'x' })
        .returning()
    )[0]!;
  return { clientId: client!.id, accounts: [await account(), await account()], users: [await user(), await user(), await user()] };
}
type Tenant = Awaited<ReturnType<typeof tenant>>;

/** Stores and files one message the way ingestion does (one transaction). */
async function fileMessage(t: Tenant, accountId: string, chatId: string, direction: 'inbound' | 'outbound') {
  const externalMessageId = `m-${randomUUID()}`;
  const sentAt = new Date();
  await database.db.transaction(async (tx) => {
    await tx.insert(messages).values({
      clientId: t.clientId,
      linkedinAccountId: accountId,
      chatId,
      externalMessageId,
      direction,
      origin: direction === 'inbound' ? 'prospect' : 'external_device',
      text: 'hello',
      sentAt,
      detection: 'webhook',
    });
    await fileInboxMessage(tx, {
      clientId: t.clientId,
      linkedinAccountId: accountId,
      chatId,
      externalMessageId,
      direction,
      origin: direction === 'inbound' ? 'prospect' : 'external_device',
      sentAt,
      text: 'hello',
    });
  });
}

/** The definition: counting the conversations themselves, under the same filter, in one snapshot. */
async function countedDirectly(db: Database['db'], clientId: string, userId: string, unread?: boolean) {
  const unreadSql = sql`(coalesce(r.marked_unread, false) or (c.last_inbound_at is not null and c.last_inbound_at > coalesce(r.last_read_at, '-infinity'::timestamptz)))`;
  const cond = unread === undefined ? sql`true` : unread ? unreadSql : sql`not ${unreadSql}`;
  return (await db.execute(sql`
    select c.status, c.assignee_user_id, count(*)::int as n from conversations c
    left join conversation_reads r on r.conversation_id = c.id and r.user_id = ${userId}::uuid
    where c.client_id = ${clientId}::uuid and ${cond} group by 1, 2`)) as unknown as Array<{
    status: ConversationStatus;
    assignee_user_id: string | null;
    n: number;
  }>;
}

function expectedMeta(rows: Awaited<ReturnType<typeof countedDirectly>>, f: InboxFilter) {
  const status = Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, 0])) as Record<ConversationStatus, number>;
  const assignee = { me: 0, unassigned: 0, all: 0 };
  const a = f.assignee;
  for (const r of rows) {
    const matches = !a || a.kind === 'all' || (a.kind === 'unassigned' ? r.assignee_user_id === null : r.assignee_user_id === a.id);
    if (matches) status[r.status] += r.n;
    if (f.status && r.status !== f.status) continue;
    if (r.assignee_user_id === f.userId) assignee.me += r.n;
    if (r.assignee_user_id === null) assignee.unassigned += r.n;
    assignee.all += r.n;
  }
  return { status, assignee };
}

/** Compares every common filter's meta and the counters with direct counts, all in one snapshot. */
async function expectCountsExact(t: Tenant, userId: string) {
  await database.db.transaction(
    async (tx) => {
      const filters: InboxFilter[] = [
        { clientId: t.clientId, userId },
        { clientId: t.clientId, userId, status: 'open' },
        { clientId: t.clientId, userId, assignee: { kind: 'unassigned' } },
        { clientId: t.clientId, userId, status: 'closed', assignee: { kind: 'user', id: userId } },
        { clientId: t.clientId, userId, unread: true },
        { clientId: t.clientId, userId, unread: false, status: 'open' },
      ];
      for (const f of filters) {
        const rows = await countedDirectly(tx as unknown as Database['db'], t.clientId, userId, f.unread);
        expect(await countConversations(tx, f)).toEqual(expectedMeta(rows, f));
      }
      const unreadRows = await countedDirectly(tx as unknown as Database['db'], t.clientId, userId, true);
      const counters = await countUnread(tx, t.clientId, userId);
      for (const s of CONVERSATION_STATUSES) {
        const of = unreadRows.filter((r) => r.status === s);
        expect(counters.unread[s]).toEqual({
          all: of.reduce((n, r) => n + r.n, 0),
          me: of.filter((r) => r.assignee_user_id === userId).reduce((n, r) => n + r.n, 0),
          unassigned: of.filter((r) => r.assignee_user_id === null).reduce((n, r) => n + r.n, 0),
        });
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** A seeded random choice, so a failure replays. */
function chooser(seed: number) {
  let x = seed;
  return <T>(items: readonly T[]): T => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return items[x % items.length]!;
  };
}

describe('inbox counts ledger', () => {
  it('equals counting the conversations, in every snapshot, while many writers change them at once', async () => {
    const t = await tenant();
    const chats = Array.from({ length: 30 }, (_, i) => ({ accountId: t.accounts[i % 2]!.id, chatId: `chat-${i}-${randomUUID()}` }));
    for (const c of chats.slice(0, 20)) await fileMessage(t, c.accountId, c.chatId, 'inbound');
    const ids = async () =>
      (await database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.clientId, t.clientId))).map(
        (r) => r.id,
      );
    const pick = chooser(42);
    const scope = { clientId: t.clientId, userId: t.users[0]!.id };

    const operations = Array.from({ length: 240 }, (_, i) => async () => {
      const known = await ids();
      const id = pick(known);
      const user = pick(t.users);
      switch (pick(['status', 'assign', 'unassign', 'message', 'read', 'unread', 'snooze'] as const)) {
        case 'status':
          return updateConversation(
            database.db,
            scope,
            id,
            { status: pick(CONVERSATION_STATUSES), snoozeUntilReply: false },
            {
              type: 'conversation.updated',
              payload: {},
            },
          );
        case 'assign':
          return updateConversation(database.db, scope, id, { assigneeUserId: user.id }, { type: 'conversation.updated', payload: {} });
        case 'unassign':
          return updateConversation(database.db, scope, id, { assigneeUserId: null }, { type: 'conversation.updated', payload: {} });
        case 'message': {
          const chat = pick(chats);
          return fileMessage(t, chat.accountId, chat.chatId, i % 3 === 0 ? 'outbound' : 'inbound');
        }
        case 'read':
        case 'unread': {
          const [row] = await database.db.select().from(conversations).where(eq(conversations.id, id));
          return setReadState(database.db, row!, user.id, i % 2 === 0 ? 'read' : 'unread');
        }
        case 'snooze':
          await updateConversation(
            database.db,
            scope,
            id,
            { status: 'snoozed', snoozeUntil: new Date(Date.now() - 1000), snoozeUntilReply: true },
            { type: 'conversation.updated', payload: {} },
          );
          return reopenElapsedSnoozes(database.db, new Date(), 5);
      }
    });

    // Eight writers at once, a compaction now and then, and snapshot checks while they run.
    let next = 0;
    const writer = async () => {
      while (next < operations.length) {
        const op = operations[next]!;
        next += 1;
        await op();
        if (next % 40 === 0) await compactInboxCounts(database.db);
      }
    };
    const checker = async () => {
      while (next < operations.length) await expectCountsExact(t, t.users[0]!.id);
    };
    await Promise.all([...Array.from({ length: 8 }, writer), checker()]);

    for (const u of t.users) await expectCountsExact(t, u.id);
    await compactInboxCounts(database.db);
    await expectCountsExact(t, t.users[1]!.id);

    // Cascades count too: a deleted account takes its conversations, a deleted user's become unassigned.
    await database.db.delete(linkedinAccounts).where(eq(linkedinAccounts.id, t.accounts[1]!.id));
    await database.db.delete(users).where(eq(users.id, t.users[2]!.id));
    await expectCountsExact(t, t.users[0]!.id);
    const pending = (await database.db.execute(
      sql`select count(*)::int as n from conversation_counts where client_id = ${t.clientId}::uuid and not is_compacted`,
    )) as unknown as Array<{ n: number }>;
    expect(pending[0]!.n).toBeGreaterThan(0);
    await compactInboxCounts(database.db);
    const rows = (await database.db.execute(
      sql`select count(*)::int as n, count(*) filter (where not is_compacted)::int as pending from conversation_counts where client_id = ${t.clientId}::uuid`,
    )) as unknown as Array<{ n: number; pending: number }>;
    expect(rows[0]!.pending).toBe(0);
    expect(rows[0]!.n).toBeLessThanOrEqual(CONVERSATION_STATUSES.length * 3);
    await expectCountsExact(t, t.users[0]!.id);
  });

  it('drops a deleted client’s rows at the next compaction', async () => {
    const t = await tenant();
    await fileMessage(t, t.accounts[0]!.id, `chat-${randomUUID()}`, 'inbound');
    await database.db.delete(clients).where(eq(clients.id, t.clientId));
    await compactInboxCounts(database.db);
    const rows = (await database.db.execute(
      sql`select count(*)::int as n from conversation_counts where client_id = ${t.clientId}::uuid`,
    )) as unknown as Array<{ n: number }>;
    expect(rows[0]!.n).toBe(0);
  });

  it('pages the list through an index in its order, sorting nothing, whatever the filter', async () => {
    const t = await tenant();
    for (let i = 0; i < 3; i += 1) await fileMessage(t, t.accounts[0]!.id, `chat-${randomUUID()}`, 'inbound');
    const userId = t.users[0]!.id;
    const after = { t: new Date().toISOString(), id: randomUUID() };
    // Which index serves a combination is the planner's choice by its statistics; that one serves it in order is the point.
    const plans: Array<[InboxFilter, RegExp]> = [
      [{ clientId: t.clientId, userId }, /conversations_client_last_idx/],
      [{ clientId: t.clientId, userId, status: 'open' }, /conversations_client_status_last_idx/],
      [{ clientId: t.clientId, userId, assignee: { kind: 'user', id: userId } }, /conversations_client_assignee_(status_)?idx/],
      [
        { clientId: t.clientId, userId, status: 'open', assignee: { kind: 'unassigned' } },
        /conversations_client_(assignee_status|status_last)_idx/,
      ],
      [{ clientId: t.clientId, userId, linkedinAccountId: t.accounts[0]!.id }, /conversations_(account_last|client_last)_idx/],
    ];
    for (const [f, index] of plans) {
      const plan = await database.db.transaction(async (tx) => {
        // A tiny test table would be read whole; forbidding that shows which index the order can use.
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_bitmapscan = off`);
        const rows = (await tx.execute(sql`explain ${listConversationsSql(f, { limit: 26, after })}`)) as unknown as Array<
          Record<string, string>
        >;
        return rows.map((r) => Object.values(r)[0]).join('\n');
      });
      expect(plan).toMatch(index);
      // The page's own rows come in index order; a subplan (the contact's name) runs per row of the page only.
      const pagePlan = plan.split(/\n\s*SubPlan/)[0]!;
      expect(pagePlan).not.toMatch(/\bSort\b/);
    }
  });
});
