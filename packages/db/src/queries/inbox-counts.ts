import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { CONVERSATION_STATUSES, type ConversationStatus } from '../schema';
import { and, baseConditions, readsJoin, unreadSql, type InboxFilter } from './inbox-list';

export interface InboxMeta {
  status: Record<ConversationStatus, number>;
  assignee: { me: number; unassigned: number; all: number };
}

/** Conversations of one (status, assignee) pair under the filters `meta` keeps. */
interface Bucket {
  status: ConversationStatus;
  assignee_user_id: string | null;
  n: number;
}

/**
 * Whether `conversation_counts` can answer: it is keyed by client, status and assignee only, and
 * unread is derived from its `with_inbound` (see `ledgerBuckets`). Campaign, account, label and
 * search filters count through the conversations' indexes instead.
 */
const isCountedByTable = (f: InboxFilter): boolean => !f.campaignId && !f.linkedinAccountId && !f.label && !f.q;

const tenantOf = (clientId: string | null, alias: 'c' | 'k'): SQL =>
  clientId ? sql`${sql.raw(alias)}.client_id = ${clientId}::uuid` : sql`true`;

/** Per (status, assignee): every conversation of the scope, and those unread for the caller. */
interface LedgerBucket {
  status: ConversationStatus;
  assignee_user_id: string | null;
  total: number;
  unread: number;
}

/**
 * Sums the ledger per (status, assignee), in one statement (so one snapshot). Unread, when asked:
 * without a read row a conversation is unread exactly when it has an inbound message (the ledger's
 * `with_inbound`); the caller's own read rows then correct that (-1 read since the last inbound, +1
 * marked unread without one). Exact at any moment, and the work grows with the conversations this
 * user has read, not with the tenant's size.
 */
async function ledgerBuckets(db: DbOrTx, clientId: string | null, userId: string | null, withUnread: boolean): Promise<LedgerBucket[]> {
  const corrections = withUnread
    ? sql`union all
      select c.status, c.assignee_user_id, 0, ${unreadSql}::int - (c.last_inbound_at is not null)::int
      from conversation_reads r join conversations c on c.id = r.conversation_id
      where r.user_id = ${userId}::uuid and ${tenantOf(clientId, 'c')}`
    : sql``;
  return (await db.execute(sql`
    select status, assignee_user_id, sum(t)::int as total, sum(u)::int as unread from (
      select k.status, k.assignee_user_id, k.total as t, k.with_inbound as u from conversation_counts k where ${tenantOf(clientId, 'k')}
      ${corrections}
    ) d group by 1, 2 having sum(t) <> 0 or sum(u) <> 0`)) as unknown as LedgerBucket[];
}

/** Counts per (status, assignee) under the filter's conditions but status and assignee. */
async function filteredBuckets(db: DbOrTx, f: InboxFilter): Promise<Bucket[]> {
  if (isCountedByTable(f)) {
    const rows = await ledgerBuckets(db, f.clientId, f.userId, f.unread !== undefined);
    const n = (b: LedgerBucket) => (f.unread === undefined ? b.total : f.unread ? b.unread : b.total - b.unread);
    return rows.map((b) => ({ status: b.status, assignee_user_id: b.assignee_user_id, n: n(b) }));
  }
  return (await db.execute(sql`
    select c.status, c.assignee_user_id, count(*)::int as n
    from conversations c ${f.unread === undefined ? sql`` : readsJoin(f.userId)}
    where ${and(baseConditions(f))}
    group by 1, 2`)) as unknown as Bucket[];
}

const matchesAssignee = (a: InboxFilter['assignee'], assigneeUserId: string | null): boolean =>
  !a || a.kind === 'all' || (a.kind === 'unassigned' ? assigneeUserId === null : assigneeUserId === a.id);

/**
 * The list's `meta`: counts per status under every filter but status, and counts per assignee
 * bucket under every filter but assignee (what tabs of each kind would show). The common filter
 * sets (tenant, status, assignee, unread) read the maintained `conversation_counts`; the rest count
 * through indexes. Either way the figures equal counting the conversations under the same filters.
 */
export async function countConversations(db: DbOrTx, f: InboxFilter): Promise<InboxMeta> {
  const meta: InboxMeta = {
    status: Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, 0])) as InboxMeta['status'],
    assignee: { me: 0, unassigned: 0, all: 0 },
  };
  for (const b of await filteredBuckets(db, f)) {
    if (matchesAssignee(f.assignee, b.assignee_user_id)) meta.status[b.status] += b.n;
    if (f.status && b.status !== f.status) continue;
    if (f.userId !== null && b.assignee_user_id === f.userId) meta.assignee.me += b.n;
    if (b.assignee_user_id === null) meta.assignee.unassigned += b.n;
    meta.assignee.all += b.n;
  }
  return meta;
}

export interface InboxCounters {
  unread: Record<ConversationStatus, { all: number; me: number; unassigned: number }>;
}

/** Unread conversations of the caller, by status and assignee bucket (from the maintained counts). */
export async function countUnread(db: DbOrTx, clientId: string | null, userId: string | null): Promise<InboxCounters> {
  const unread = Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, { all: 0, me: 0, unassigned: 0 }])) as InboxCounters['unread'];
  for (const b of await ledgerBuckets(db, clientId, userId, true)) {
    const row = unread[b.status];
    row.all += b.unread;
    if (userId !== null && b.assignee_user_id === userId) row.me += b.unread;
    if (b.assignee_user_id === null) row.unassigned += b.unread;
  }
  return { unread };
}

/**
 * Folds the ledger rows the triggers appended into one row per key, for the clients that have
 * any, and drops the rows of deleted clients. One statement: a reader sees the rows before or
 * after, never both; rows appended meanwhile are not in its snapshot and stay for the next run; two
 * runs at once delete each row once (the second skips rows the first removed), so sums are kept.
 */
export async function compactInboxCounts(db: DbOrTx, maxClients = 500): Promise<number> {
  const rows = (await db.execute(sql`
    with dirty as (
      select distinct client_id from conversation_counts where not is_compacted limit ${maxClients}
    ), gone as (
      delete from conversation_counts k using dirty d where k.client_id = d.client_id
      returning k.client_id, k.status, k.assignee_user_id, k.total, k.with_inbound
    ), kept as (
      insert into conversation_counts (client_id, status, assignee_user_id, total, with_inbound, is_compacted)
      select g.client_id, g.status, g.assignee_user_id, sum(g.total), sum(g.with_inbound), true
      from gone g where exists (select 1 from clients c where c.id = g.client_id)
      group by 1, 2, 3 having sum(g.total) <> 0 or sum(g.with_inbound) <> 0
      returning 1
    )
    select (select count(*) from dirty)::int as clients, (select count(*) from kept)::int as kept`)) as unknown as Array<{
    clients: number;
  }>;
  return rows[0]?.clients ?? 0;
}
