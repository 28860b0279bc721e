import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/** What one rollup batch counted. */
export interface RollupBatchResult {
  /** Events above the old cursor counted now. */
  events: number;
  /** Events of earlier gaps (transactions that committed after the cursor passed their id) counted now. */
  late: number;
  /** The cursor after the batch. */
  cursor: number;
}

const CURSOR = 'events';
/** A gap wider than this is a sequence jump (e.g. after a restore), not in-flight transactions. */
const MAX_GAP_IDS = 10_000;

type BatchRow = { last_id: string | number | null; n: string | number; late: string | number };

/**
 * Counts the next `limit` events above the cursor (plus any earlier gap that has since committed)
 * into `event_rollups` and `lead_facts`, and moves the cursor, all in one transaction under the
 * cursor's row lock: two workers never count the same event, and a crash counts nothing (the
 * cursor did not move either). Ids missing between the counted ones are remembered as gaps: their
 * transaction may still commit, and is then counted once when a later run finds it.
 *
 * Speed (catch-up): three round trips per batch (lock, count, commit); the rollup rows are inserted
 * in the order of their unique key, so the index pages they touch are neighbours; the gaps are only
 * looked for when the batch's ids are not contiguous; the aggregates get the memory not to spill.
 */
export async function rollupEventsBatch(db: Db, limit: number): Promise<RollupBatchResult> {
  return db.transaction(async (tx) => {
    // Creates the cursor on first use and locks it, in one statement (DO UPDATE takes the row lock).
    const [cur] = await tx.execute<{ last_event_id: string | number }>(sql`
      insert into analytics_rollup_cursor (name, last_event_id) values (${CURSOR}, 0)
      on conflict (name) do update set name = excluded.name
      returning last_event_id, set_config('work_mem', '64MB', true) as work_mem`);
    const cursor = Number(cur?.last_event_id ?? 0);
    const [row] = await tx.execute<BatchRow>(sql`
      with batch as (
        select id, client_id, campaign_id, linkedin_account_id, lead_id, type, occurred_at, meta
        from events where id > ${cursor} order by id limit ${limit}
      ),
      stats as (select max(id) as last_id, count(*) as n from batch),
      late as (
        -- = ANY over the primary key: never a scan of events, however many gaps are waiting.
        select e.id, e.client_id, e.campaign_id, e.linkedin_account_id, e.lead_id, e.type, e.occurred_at, e.meta
        from events e where e.id = any(array(select event_id from analytics_rollup_gaps))
      ),
      late_done as (delete from analytics_rollup_gaps g using late l where g.event_id = l.id),
      todo as (select * from batch union all select * from late),
      rolled as (
        insert into event_rollups (client_id, campaign_id, linkedin_account_id, type, slot, count)
        select client_id, campaign_id, linkedin_account_id, type, date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00'), count(*)
        from todo group by 1, 2, 3, 4, 5
        order by 1, 2, 5, 3, 4
        on conflict on constraint event_rollups_key_uq do update set count = event_rollups.count + excluded.count
      ),
      facts as (
        insert into lead_facts (lead_id, client_id, campaign_id, first_invite_at, accepted_at, already_connected_at, first_message_at, first_touch_at, first_reply_at, last_reply_at, replies)
        select lead_id, (array_agg(client_id))[1], (array_agg(campaign_id) filter (where campaign_id is not null))[1],
          min(occurred_at) filter (where type = 'connection_request_sent'),
          min(occurred_at) filter (where type = 'connection_accepted'),
          min(occurred_at) filter (where type = 'connection_accepted_historical'),
          min(occurred_at) filter (where type = 'message_sent' and coalesce(meta->>'origin', '') <> 'inbox'),
          min(occurred_at) filter (where type in ('connection_request_sent', 'message_sent')),
          min(occurred_at) filter (where type = 'message_received'),
          max(occurred_at) filter (where type = 'message_received'),
          count(*) filter (where type = 'message_received')
        from todo where lead_id is not null
          and type in ('connection_request_sent', 'connection_accepted', 'connection_accepted_historical', 'message_sent', 'message_received')
        group by lead_id
        order by lead_id
        on conflict (lead_id) do update set
          campaign_id = coalesce(lead_facts.campaign_id, excluded.campaign_id),
          first_invite_at = least(lead_facts.first_invite_at, excluded.first_invite_at),
          accepted_at = least(lead_facts.accepted_at, excluded.accepted_at),
          already_connected_at = least(lead_facts.already_connected_at, excluded.already_connected_at),
          first_message_at = least(lead_facts.first_message_at, excluded.first_message_at),
          first_touch_at = least(lead_facts.first_touch_at, excluded.first_touch_at),
          first_reply_at = least(lead_facts.first_reply_at, excluded.first_reply_at),
          last_reply_at = greatest(lead_facts.last_reply_at, excluded.last_reply_at),
          replies = lead_facts.replies + excluded.replies
      ),
      steps as (select id, lag(id, 1, ${cursor}::bigint) over (order by id) as prev from batch),
      gaps as (
        -- Contiguous ids (the usual case) leave nothing to look for: the one-time filter skips the window.
        insert into analytics_rollup_gaps (event_id)
        select generate_series(prev + 1, id - 1) from steps
        where (select last_id - ${cursor}::bigint > n from stats) and id - prev > 1 and id - prev <= ${MAX_GAP_IDS}
        on conflict do nothing
      ),
      moved as (
        update analytics_rollup_cursor set last_event_id = stats.last_id, updated_at = now()
        from stats where name = ${CURSOR} and stats.last_id is not null
      )
      select stats.last_id, stats.n, (select count(*) from late) as late from stats`);
    const next = row?.last_id === null || row?.last_id === undefined ? cursor : Number(row.last_id);
    return { events: Number(row?.n ?? 0), late: Number(row?.late ?? 0), cursor: next };
  });
}

/**
 * Forgets gaps older than `olderThanMinutes`: their id was consumed by a rolled-back insert or a
 * conflicting duplicate (`ON CONFLICT DO NOTHING` still takes an id) and will never appear.
 */
export async function pruneRollupGaps(db: Db, olderThanMinutes: number): Promise<number> {
  const rows = await db.execute(
    sql`delete from analytics_rollup_gaps where seen_at < now() - make_interval(mins => ${olderThanMinutes}) returning event_id`,
  );
  return rows.length;
}
