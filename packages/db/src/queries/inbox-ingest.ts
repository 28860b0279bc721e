import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { INBOX_STAMP_LOCK, type ConversationStatus, type MessageOrigin } from '../schema';

export interface InboxLink {
  clientId: string;
  linkedinAccountId: string;
  chatId: string;
  /** The stored message (by its unique key) to file into its conversation. */
  externalMessageId: string;
  direction: 'inbound' | 'outbound';
  origin: MessageOrigin;
  sentAt: Date;
  text: string | null;
  leadId?: string | null;
  campaignId?: string | null;
  /** People named by the delivery (sender, attendees), kept once per conversation; free: same statement. */
  participants?: Array<{ providerId: string; name: string | null; profileUrl: string | null; isSelf: boolean }>;
}

export interface InboxLinkResult {
  conversationId: string;
  /** The message id when this call filed it; null when it was already filed (a repeat delivery). */
  messageId: string | null;
  status: ConversationStatus;
  /** Who the conversation is assigned to (their email notification is the caller's to enqueue). */
  assigneeUserId: string | null;
}

const PREVIEW_LENGTH = 200;

/**
 * Files a stored message into its conversation in one statement (run it in the transaction that
 * stored the message): upserts the conversation of (account, chat), links the message, moves the
 * aggregates, reopens on an inbound message (pending, closed, or snoozed until the contact replies),
 * and appends a `message.created` event to the SSE outbox. A message already filed changes nothing:
 * the same delivery twice is one message and one event. The event takes no lock: its public id is
 * stamped after commit (`stampInboxEvents`), so concurrent replies commit in parallel.
 */
export async function fileInboxMessage(tx: DbOrTx, m: InboxLink): Promise<InboxLinkResult | null> {
  const inbound = m.direction === 'inbound';
  const at = m.sentAt.toISOString();
  const preview = m.text ? m.text.slice(0, PREVIEW_LENGTH) : null;
  const rows = await tx.execute<{ conversation_id: string; message_id: string | null; status: ConversationStatus }>(sql`
    with prior as (
      select id, conversation_id is not null as filed from messages
      where linkedin_account_id = ${m.linkedinAccountId} and external_message_id = ${m.externalMessageId}
    ), fresh as (
      select coalesce((select not filed from prior), false) as yes
    ), conv as (
      insert into conversations as c (client_id, linkedin_account_id, chat_id, lead_id, campaign_id, last_message_at, last_message_preview, last_message_direction, last_inbound_at)
      values (${m.clientId}, ${m.linkedinAccountId}, ${m.chatId}, ${m.leadId ?? null}::uuid, ${m.campaignId ?? null}::uuid, ${at}::timestamptz, ${preview}, ${m.direction}, ${inbound ? at : null}::timestamptz)
      on conflict (linkedin_account_id, chat_id) do update set
        lead_id = coalesce(c.lead_id, excluded.lead_id),
        campaign_id = coalesce(c.campaign_id, excluded.campaign_id),
        last_message_at = case when (select yes from fresh) then greatest(c.last_message_at, excluded.last_message_at) else c.last_message_at end,
        last_message_preview = case when (select yes from fresh) and excluded.last_message_at >= c.last_message_at then excluded.last_message_preview else c.last_message_preview end,
        last_message_direction = case when (select yes from fresh) and excluded.last_message_at >= c.last_message_at then excluded.last_message_direction else c.last_message_direction end,
        last_inbound_at = case when (select yes from fresh) then greatest(c.last_inbound_at, excluded.last_inbound_at) else c.last_inbound_at end,
        status = case when (select yes from fresh) and ${inbound} and (c.status in ('pending', 'closed') or (c.status = 'snoozed' and c.snooze_until_reply)) then 'open' else c.status end,
        snooze_until = case when (select yes from fresh) and ${inbound} and c.status = 'snoozed' and c.snooze_until_reply then null else c.snooze_until end,
        snooze_until_reply = case when (select yes from fresh) and ${inbound} and c.status = 'snoozed' and c.snooze_until_reply then false else c.snooze_until_reply end,
        updated_at = case when (select yes from fresh) then now() else c.updated_at end
      returning c.id, c.status, c.assignee_user_id
    ), people as (
      insert into conversation_participants (conversation_id, provider_id, name, profile_url, is_self)
      select (select id from conv), p.provider_id, p.name, p.profile_url, p.is_self
      from jsonb_to_recordset(${JSON.stringify((m.participants ?? []).slice(0, 50).map((p) => ({ provider_id: p.providerId, name: p.name, profile_url: p.profileUrl, is_self: p.isSelf })))}::jsonb)
        as p(provider_id text, name text, profile_url text, is_self boolean)
      where p.provider_id is not null
      on conflict (conversation_id, provider_id) do nothing
    ), linked as (
      update messages set conversation_id = (select id from conv), origin = ${m.origin}
      where id = (select id from prior) and conversation_id is null
      returning id
    ), outbox as (
      insert into inbox_events (client_id, conversation_id, type, payload)
      select ${m.clientId}, (select id from conv), 'message.created',
        jsonb_build_object('conversation_id', (select id from conv), 'message_id', linked.id, 'direction', ${m.direction}::text, 'origin', ${m.origin}::text, 'status', (select status from conv))
      from linked
      returning id
    )
    select (select id from conv) as conversation_id, (select id from linked) as message_id, (select status from conv) as status, (select assignee_user_id from conv) as assignee_user_id, (select count(*) from outbox) as events`);
  const row = (
    rows as unknown as Array<{
      conversation_id: string | null;
      message_id: string | null;
      status: ConversationStatus;
      assignee_user_id: string | null;
    }>
  )[0];
  if (!row?.conversation_id) return null;
  return { conversationId: row.conversation_id, messageId: row.message_id, status: row.status, assigneeUserId: row.assignee_user_id };
}

/**
 * Appends one event to the SSE outbox (status, assignment, read state, message updates). Returns
 * the row id, not the public id: that one is stamped after commit.
 */
export async function appendInboxEvent(
  tx: DbOrTx,
  e: { clientId: string; conversationId: string | null; type: string; payload: Record<string, unknown> },
): Promise<number> {
  const rows = await tx.execute<{ id: number }>(sql`
    insert into inbox_events (client_id, conversation_id, type, payload)
    values (${e.clientId}, ${e.conversationId}::uuid, ${e.type}, ${JSON.stringify(e.payload)}::jsonb)
    returning id`);
  return Number((rows as unknown as Array<{ id: number | string }>)[0]!.id);
}

/**
 * Records a message the sender just delivered (origin `sequence`) and files it. The webhook echo
 * of the same message may have been stored first as `external_device`: the upsert corrects its
 * origin, and filing it again changes nothing.
 */
export async function storeSentMessage(
  tx: DbOrTx,
  m: {
    clientId: string;
    linkedinAccountId: string;
    leadId: string;
    campaignId: string;
    chatId: string;
    externalMessageId: string;
    text: string;
    sentAt: Date;
  },
): Promise<InboxLinkResult | null> {
  await tx.execute(sql`
    insert into messages (client_id, linkedin_account_id, lead_id, chat_id, external_message_id, direction, text, sent_at, detection, origin)
    values (${m.clientId}, ${m.linkedinAccountId}, ${m.leadId}, ${m.chatId}, ${m.externalMessageId}, 'outbound', ${m.text}, ${m.sentAt.toISOString()}::timestamptz, 'api', 'sequence')
    on conflict (linkedin_account_id, external_message_id) do update set origin = 'sequence', lead_id = coalesce(messages.lead_id, excluded.lead_id)`);
  return fileInboxMessage(tx, { ...m, direction: 'outbound', origin: 'sequence' });
}

/**
 * Reopens the conversations whose snooze time has passed (at most `limit` per call), each with a
 * `conversation.updated` outbox event, in one transaction. The conditional update makes a
 * concurrent or repeated run harmless. `for no key update`, not `for update`: an outbox insert of
 * another transaction holds the outbox lock while its foreign key takes a key-share lock on the
 * conversation, which `for update` would block (a deadlock once this run waits for the outbox lock).
 */
export async function reopenElapsedSnoozes(db: Db, now: Date, limit = 1000): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: string; client_id: string }>(sql`
      update conversations set status = 'open', snooze_until = null, snooze_until_reply = false, updated_at = now()
      where id in (
        select id from conversations where status = 'snoozed' and snooze_until is not null and snooze_until <= ${now.toISOString()}::timestamptz
        order by snooze_until limit ${limit} for no key update skip locked
      )
      returning id, client_id`);
    const reopened = rows as unknown as Array<{ id: string; client_id: string }>;
    if (reopened.length === 0) return 0;
    await tx.execute(sql`
      insert into inbox_events (client_id, conversation_id, type, payload)
      select r.client_id, r.id, 'conversation.updated', jsonb_build_object('conversation_id', r.id, 'status', 'open', 'reason', 'snooze_elapsed')
      from jsonb_to_recordset(${JSON.stringify(reopened)}::jsonb) as r(id uuid, client_id uuid)
      order by r.id`);
    return reopened.length;
  });
}

export interface InboxEventRow {
  /** The public, strictly increasing event id (`seq`). */
  id: number;
  client_id: string;
  conversation_id: string | null;
  type: string;
  payload: Record<string, unknown>;
  created_at: string;
}

const EVENT_COLUMNS = sql`seq as id, client_id, conversation_id, type, payload, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at`;

/**
 * Gives committed outbox rows their public id, in row-id order, at most `limit` per call; returns
 * how many it stamped. Why the relay numbers events instead of the writers: a writer that took a
 * lower id may commit after a higher one, and a reader going "after the last id" would skip it.
 * Serialising writers on a lock (the old design) made every reply commit wait on every other one.
 * Here only stampers serialise, on `INBOX_STAMP_LOCK` held to commit: each stamps rows it can see
 * (committed) after the previous stamper's commit, so a seq is visible only once every lower seq
 * is, and a late-committing row simply gets a later seq. The lock is taken in its own statement
 * so the update's snapshot (read committed: per statement) sees the previous stamper's work. Not
 * `pg_snapshot_xmin` horizons: those order by (xid, id), which no single integer id can carry.
 */
export async function stampInboxEvents(db: Db, limit = 1000): Promise<number> {
  // Mostly nothing is waiting (every stream connect and relay tick asks): one index probe, no
  // transaction. A row being stamped right now still reads as unstamped here, so "none" is exact.
  const waiting = (await db.execute(sql`select exists (select 1 from inbox_events where seq is null) as yes`)) as unknown as Array<{
    yes: boolean;
  }>;
  if (!waiting[0]?.yes) return 0;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${INBOX_STAMP_LOCK})`);
    const rows = await tx.execute(sql`
      with pending as (
        select id, row_number() over (order by id) as n from inbox_events where seq is null order by id limit ${limit}
      ), base as (
        select coalesce(max(seq), 0) as top from inbox_events
      )
      update inbox_events e set seq = base.top + pending.n
      from pending, base
      where e.id = pending.id
      returning e.id`);
    return (rows as unknown as unknown[]).length;
  });
}

/** Stamps every committed outbox row (in batches): afterwards a replay sees all of them. */
export async function stampAllInboxEvents(db: Db, batch = 5000): Promise<void> {
  while ((await stampInboxEvents(db, batch)) === batch);
}

/** Stamped outbox events after public id `afterId` in order, within a client (every client for null). */
export async function readInboxEventsAfter(db: DbOrTx, afterId: number, clientId: string | null, limit: number): Promise<InboxEventRow[]> {
  const rows = await db.execute(sql`
    select ${EVENT_COLUMNS}
    from inbox_events where seq > ${afterId} ${clientId ? sql`and client_id = ${clientId}::uuid` : sql``}
    order by seq limit ${limit}`);
  return (rows as unknown as Array<InboxEventRow & { id: number | string }>).map((r) => ({ ...r, id: Number(r.id) }));
}

/** The newest public id (0 when none): where a fresh relay or stream starts. */
export async function latestInboxEventId(db: DbOrTx): Promise<number> {
  const rows = (await db.execute(sql`select coalesce(max(seq), 0) as id from inbox_events`)) as unknown as Array<{ id: number | string }>;
  return Number(rows[0]?.id ?? 0);
}
