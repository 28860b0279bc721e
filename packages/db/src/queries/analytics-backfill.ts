import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/** What a rate-usage rebuild changed. */
export interface RateUsageRebuild {
  accounts: number;
  /** (account, action, day) counters examined. */
  counters: number;
  /** Counters created or raised to what `events` show. */
  raised: number;
}

/**
 * Rebuilds the per-day invite and message counters of `rate_usage` from `events` over the last
 * `days` days, each day in its account's zone. A counter is only ever raised (GREATEST): the limiter
 * also counts claims whose send failed and profile views, which leave no such event, so the rebuild
 * never lowers what it recorded. Idempotent: a second run finds nothing to raise.
 */
export async function rebuildRateUsage(db: Db, accountId: string | null, days: number): Promise<RateUsageRebuild> {
  const [row] = await db.execute<{ accounts: string; counters: string; raised: string }>(sql`
    with accounts as (
      select id, client_id, timezone from linkedin_accounts where ${accountId === null ? sql`true` : sql`id = ${accountId}`}
    ),
    computed as (
      select e.linkedin_account_id, case when e.type = 'connection_request_sent' then 'invite' else 'message' end::rate_action as action,
             (e.occurred_at at time zone a.timezone)::date as day, count(*)::int as n
      -- client_id first: the events index is led by client, type and time.
      from accounts a join events e on e.client_id = a.client_id and e.linkedin_account_id = a.id
      where e.type in ('connection_request_sent', 'message_sent') and e.occurred_at >= now() - make_interval(days => ${days + 1}::int)
        and (e.occurred_at at time zone a.timezone)::date > (now() at time zone a.timezone)::date - ${days}::int
      group by 1, 2, 3
    ),
    upserted as (
      insert into rate_usage (linkedin_account_id, action, day, count)
      select linkedin_account_id, action, day, n from computed
      on conflict (linkedin_account_id, action, day) do update set count = excluded.count, updated_at = now()
        where rate_usage.count < excluded.count
      returning 1
    )
    select (select count(*) from accounts) as accounts, (select count(*) from computed) as counters, (select count(*) from upserted) as raised`);
  return { accounts: Number(row?.accounts ?? 0), counters: Number(row?.counters ?? 0), raised: Number(row?.raised ?? 0) };
}

/** What a conversation backfill resolved. */
export interface ConversationBackfill {
  /** Connected (or later) leads without a chat id before the run. */
  missing: number;
  /** Of those, resolved from the messages and events already stored. */
  resolved: number;
}

/**
 * Fills `leads.conversation_id` of connected leads that lack it from what we already stored: the
 * lead's latest message's chat, else the `chat_id` of its latest event. Leads without any trace stay
 * missing (counted); only a null is ever written, so a second run changes nothing.
 */
export async function backfillConversationIds(db: Db, clientId: string | null): Promise<ConversationBackfill> {
  const [row] = await db.execute<{ missing: string; resolved: string }>(sql`
    with missing as (
      select l.id from leads l
      where l.conversation_id is null and l.status in ('connected', 'messaged', 'responded', 'completed')
        and ${clientId === null ? sql`true` : sql`l.client_id = ${clientId}`}
    ),
    found as (
      select m.id, coalesce(
        (select chat_id from messages where lead_id = m.id order by sent_at desc limit 1),
        (select meta->>'chat_id' from events where lead_id = m.id and meta ? 'chat_id' order by occurred_at desc limit 1)
      ) as chat_id
      from missing m
    ),
    updated as (
      update leads l set conversation_id = f.chat_id, updated_at = now()
      from found f where l.id = f.id and f.chat_id is not null and l.conversation_id is null
      returning 1
    )
    select (select count(*) from missing) as missing, (select count(*) from updated) as resolved`);
  return { missing: Number(row?.missing ?? 0), resolved: Number(row?.resolved ?? 0) };
}

/** A connected lead still without a chat id, with what a Unipile lookup needs. */
export interface LeadMissingChat {
  leadId: string;
  providerId: string;
  unipileAccountId: string;
}

/**
 * Connected (or later) leads without a chat id that have a LinkedIn provider id, with their
 * campaign's Unipile account, oldest first, at most `limit` (the caller reports what remains).
 */
export async function listLeadsMissingChat(db: Db, clientId: string | null, limit: number): Promise<LeadMissingChat[]> {
  const found = await db.execute<{ lead_id: string; provider_id: string; unipile_account_id: string }>(sql`
    select l.id as lead_id, l.provider_id, a.unipile_account_id
    from leads l join campaigns c on c.id = l.campaign_id join linkedin_accounts a on a.id = c.linkedin_account_id
    where l.conversation_id is null and l.provider_id is not null and l.status in ('connected', 'messaged', 'responded', 'completed')
      and ${clientId === null ? sql`true` : sql`l.client_id = ${clientId}`}
    order by l.created_at, l.id
    limit ${limit}`);
  return found.map((r) => ({ leadId: r.lead_id, providerId: r.provider_id, unipileAccountId: r.unipile_account_id }));
}

/** Writes chat ids found on LinkedIn into leads that still have none (a second run writes nothing). Returns how many. */
export async function fillLeadChatIds(db: Db, found: Array<{ leadId: string; chatId: string }>): Promise<number> {
  if (found.length === 0) return 0;
  const updated = await db.execute(sql`
    update leads l set conversation_id = v.chat_id, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(found.map((f) => ({ lead_id: f.leadId, chat_id: f.chatId })))}::jsonb) as v(lead_id uuid, chat_id text)
    where l.id = v.lead_id and l.conversation_id is null
    returning l.id`);
  return updated.length;
}
