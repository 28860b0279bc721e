import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';

/** A campaign (or a whole client when `campaignId` is null) and an instant range `[lo, hi)`. */
export interface AnalyticsScope {
  clientId: string;
  campaignId: string | null;
  /** Narrows to one sending account (compare by account, rate usage). */
  linkedinAccountId?: string | null;
  lo: Date;
  hi: Date;
}

const iso = (d: Date) => d.toISOString();
const campaignCond = (s: AnalyticsScope) =>
  sql`${s.campaignId === null ? sql`true` : sql`campaign_id = ${s.campaignId}`} and ${s.linkedinAccountId ? sql`linkedin_account_id = ${s.linkedinAccountId}` : sql`true`}`;

/** Rolled-up event counts per quarter-hour slot and type in the scope (slots start inside `[lo, hi)`). */
export async function listRollupSlots(
  db: DbOrTx,
  s: AnalyticsScope,
  types: readonly string[],
): Promise<Array<{ slot: Date; type: string; count: number }>> {
  const rows = await db.execute<{ slot: string; type: string; n: string }>(sql`
    select slot, type::text as type, sum(count) as n from event_rollups
    where client_id = ${s.clientId} and ${campaignCond(s)} and slot >= ${iso(s.lo)}::timestamptz and slot < ${iso(s.hi)}::timestamptz
      and type::text in ${sql`(${sql.join(
        types.map((t) => sql`${t}`),
        sql`, `,
      )})`}
    group by slot, type`);
  return rows.map((r) => ({ slot: new Date(r.slot), type: r.type, count: Number(r.n) }));
}

/** Rolled-up totals per event type in the scope. */
export async function sumRollups(db: DbOrTx, s: AnalyticsScope): Promise<Record<string, number>> {
  const rows = await db.execute<{ type: string; n: string }>(sql`
    select type::text as type, sum(count) as n from event_rollups
    where client_id = ${s.clientId} and ${campaignCond(s)} and slot >= ${iso(s.lo)}::timestamptz and slot < ${iso(s.hi)}::timestamptz
    group by type`);
  return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
}

/** Distinct leads contacted (invite or message sent) and replied in the scope, from `events`. */
export async function countUniqueLeads(db: DbOrTx, s: AnalyticsScope): Promise<{ contacted: number; replied: number }> {
  const [row] = await db.execute<{ contacted: string; replied: string }>(sql`
    select count(distinct lead_id) filter (where type in ('connection_request_sent', 'message_sent')) as contacted,
           count(distinct lead_id) filter (where type = 'message_received') as replied
    from events
    where client_id = ${s.clientId} and ${campaignCond(s)} and type in ('connection_request_sent', 'message_sent', 'message_received')
      and occurred_at >= ${iso(s.lo)}::timestamptz and occurred_at < ${iso(s.hi)}::timestamptz and lead_id is not null`);
  return { contacted: Number(row?.contacted ?? 0), replied: Number(row?.replied ?? 0) };
}

/** The campaign's latest event instant, or null. */
export async function findLastActivity(db: DbOrTx, clientId: string, campaignId: string): Promise<Date | null> {
  const [row] = await db.execute<{ at: string | null }>(sql`
    select max(occurred_at) as at from events where client_id = ${clientId} and campaign_id = ${campaignId}`);
  return row?.at ? new Date(row.at) : null;
}

/** The campaign's leads counted by current status (a snapshot, not a window figure). */
export async function countLeadsByStatus(db: DbOrTx, clientId: string, campaignId: string): Promise<Record<string, number>> {
  const rows = await db.execute<{ status: string; n: string }>(sql`
    select status::text as status, count(*) as n from leads where client_id = ${clientId} and campaign_id = ${campaignId} group by status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** A lead whose first reply ever falls in the scope, with the touches before it and the step it is credited to. */
export interface FirstReplyFact {
  leadId: string;
  firstReplyAt: Date;
  firstInviteAt: Date | null;
  firstMessageAt: Date | null;
  /** `0` (invite), the message step, `manual` (inbox send), or `none` (no touch before the reply). */
  step: string;
  accountId: string | null;
}

/**
 * First replies of the scope from `lead_facts`, each credited to the last outbound touch before it
 * (read from `events` per lead, on the lead index).
 */
export async function listFirstReplyFacts(db: DbOrTx, s: AnalyticsScope): Promise<FirstReplyFact[]> {
  const rows = await db.execute<{
    lead_id: string;
    first_reply_at: string;
    first_invite_at: string | null;
    first_message_at: string | null;
    step: string | null;
    account_id: string | null;
  }>(sql`
    select f.lead_id, f.first_reply_at, f.first_invite_at, f.first_message_at, t.step, t.account_id
    from lead_facts f
    left join lateral (
      select case when e.type = 'connection_request_sent' then '0'
                  when e.meta->>'origin' = 'inbox' then 'manual'
                  else coalesce(e.meta->>'step', '?') end as step,
             e.linkedin_account_id as account_id
      from events e
      where e.lead_id = f.lead_id and e.type in ('connection_request_sent', 'message_sent') and e.occurred_at <= f.first_reply_at
      order by e.occurred_at desc, e.id desc limit 1
    ) t on true
    where f.client_id = ${s.clientId} and ${s.campaignId === null ? sql`true` : sql`f.campaign_id = ${s.campaignId}`}
      and f.first_reply_at >= ${iso(s.lo)}::timestamptz and f.first_reply_at < ${iso(s.hi)}::timestamptz`);
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({
    leadId: r.lead_id,
    firstReplyAt: new Date(r.first_reply_at),
    firstInviteAt: date(r.first_invite_at),
    firstMessageAt: date(r.first_message_at),
    step: r.step ?? 'none',
    accountId: r.account_id,
  }));
}

/** Distinct leads touched per step in the scope (`0` = invite, `manual` = inbox send). */
export async function countLeadsTouchedByStep(db: DbOrTx, s: AnalyticsScope): Promise<Record<string, number>> {
  const rows = await db.execute<{ step: string; n: string }>(sql`
    select case when type = 'connection_request_sent' then '0' when meta->>'origin' = 'inbox' then 'manual' else coalesce(meta->>'step', '?') end as step,
           count(distinct lead_id) as n
    from events
    where client_id = ${s.clientId} and ${campaignCond(s)} and type in ('connection_request_sent', 'message_sent') and lead_id is not null
      and occurred_at >= ${iso(s.lo)}::timestamptz and occurred_at < ${iso(s.hi)}::timestamptz
    group by 1`);
  return Object.fromEntries(rows.map((r) => [r.step, Number(r.n)]));
}

/** Distinct leads contacted and replied per sending account in the scope. */
export async function countUniqueLeadsByAccount(
  db: DbOrTx,
  s: AnalyticsScope,
): Promise<Array<{ accountId: string | null; contacted: number; replied: number }>> {
  const rows = await db.execute<{ account_id: string | null; contacted: string; replied: string }>(sql`
    select linkedin_account_id as account_id,
           count(distinct lead_id) filter (where type in ('connection_request_sent', 'message_sent')) as contacted,
           count(distinct lead_id) filter (where type = 'message_received') as replied
    from events
    where client_id = ${s.clientId} and ${campaignCond(s)} and type in ('connection_request_sent', 'message_sent', 'message_received') and lead_id is not null
      and occurred_at >= ${iso(s.lo)}::timestamptz and occurred_at < ${iso(s.hi)}::timestamptz
    group by 1`);
  return rows.map((r) => ({ accountId: r.account_id, contacted: Number(r.contacted), replied: Number(r.replied) }));
}

/** Cohort counts: enrollments entering in the scope (first invite, or first touch when already connected), followed to now. */
export async function countCohortFunnel(
  db: DbOrTx,
  s: AnalyticsScope,
): Promise<{ invited: number; alreadyConnected: number; accepted: number; messaged: number; replied: number }> {
  const [row] = await db.execute<Record<string, string>>(sql`
    with cohort as (
      select f.*, (f.first_invite_at is null and f.already_connected_at is not null) as pre_connected
      from lead_facts f
      where f.client_id = ${s.clientId} and ${s.campaignId === null ? sql`true` : sql`f.campaign_id = ${s.campaignId}`}
        and coalesce(f.first_invite_at, case when f.already_connected_at is not null then f.first_touch_at end) >= ${iso(s.lo)}::timestamptz
        and coalesce(f.first_invite_at, case when f.already_connected_at is not null then f.first_touch_at end) < ${iso(s.hi)}::timestamptz
    )
    select count(*) filter (where not pre_connected) as invited,
           count(*) filter (where pre_connected) as already_connected,
           count(*) filter (where not pre_connected and (accepted_at is not null or first_message_at is not null or first_reply_at is not null)) as accepted,
           count(*) filter (where first_message_at is not null or first_reply_at is not null) as messaged,
           count(*) filter (where first_reply_at is not null) as replied
    from cohort`);
  return {
    invited: Number(row?.invited ?? 0),
    alreadyConnected: Number(row?.already_connected ?? 0),
    accepted: Number(row?.accepted ?? 0),
    messaged: Number(row?.messaged ?? 0),
    replied: Number(row?.replied ?? 0),
  };
}

/** Activity counts: distinct leads with each stage's event in the scope. */
export async function countActivityFunnel(
  db: DbOrTx,
  s: AnalyticsScope,
): Promise<{ invited: number; accepted: number; messaged: number; replied: number }> {
  const [row] = await db.execute<Record<string, string>>(sql`
    select count(distinct lead_id) filter (where type = 'connection_request_sent') as invited,
           count(distinct lead_id) filter (where type = 'connection_accepted') as accepted,
           count(distinct lead_id) filter (where type = 'message_sent' and coalesce(meta->>'origin', '') <> 'inbox') as messaged,
           count(distinct lead_id) filter (where type = 'message_received') as replied
    from events
    where client_id = ${s.clientId} and ${campaignCond(s)} and lead_id is not null
      and type in ('connection_request_sent', 'connection_accepted', 'message_sent', 'message_received')
      and occurred_at >= ${iso(s.lo)}::timestamptz and occurred_at < ${iso(s.hi)}::timestamptz`);
  return {
    invited: Number(row?.invited ?? 0),
    accepted: Number(row?.accepted ?? 0),
    messaged: Number(row?.messaged ?? 0),
    replied: Number(row?.replied ?? 0),
  };
}

/** One account's persisted limiter counters (`rate_usage`) per local day in `[fromDay, toDay]`. */
export async function listRateUsage(
  db: DbOrTx,
  accountId: string,
  fromDay: string,
  toDay: string,
): Promise<Array<{ day: string; action: string; count: number }>> {
  const rows = await db.execute<{ day: string; action: string; count: number }>(sql`
    select day::text as day, action::text as action, count from rate_usage
    where linkedin_account_id = ${accountId} and day >= ${fromDay}::date and day <= ${toDay}::date`);
  return rows.map((r) => ({ day: r.day, action: r.action, count: Number(r.count) }));
}

/** Instants of one account's `rate_limited` events (Unipile 429s and limit signals) in `[lo, hi)`. */
export async function listRateLimitedAt(db: DbOrTx, clientId: string, accountId: string, lo: Date, hi: Date): Promise<Date[]> {
  const rows = await db.execute<{ at: string }>(sql`
    select occurred_at as at from events
    where client_id = ${clientId} and type = 'rate_limited' and linkedin_account_id = ${accountId}
      and occurred_at >= ${iso(lo)}::timestamptz and occurred_at < ${iso(hi)}::timestamptz`);
  return rows.map((r) => new Date(r.at));
}

/**
 * Leads of a client whose last reply has had no answer from the inbox since (status `responded`,
 * no `message_sent` with `meta.origin = 'inbox'` after their last reply): replies awaiting an operator.
 */
export async function countRepliesAwaitingOperator(db: DbOrTx, clientId: string): Promise<number> {
  const [row] = await db.execute<{ n: string }>(sql`
    select count(*) as n from lead_facts f
    -- first_reply_at is set exactly when last_reply_at is: named so the (client, campaign, first reply)
    -- index skips the client's unreplied leads without reading their rows.
    where f.client_id = ${clientId} and f.first_reply_at is not null and f.last_reply_at is not null
      and not exists (select 1 from events e where e.lead_id = f.lead_id and e.type = 'message_sent' and e.meta->>'origin' = 'inbox' and e.occurred_at > f.last_reply_at)`);
  return Number(row?.n ?? 0);
}
