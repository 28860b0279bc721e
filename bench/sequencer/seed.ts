import type { Database } from '@outreach/db';

export interface SeedShape {
  /** Leads in all. */
  leads: number;
  /** Of which due now: pending_invite, past next_action_at, active always-open campaigns. */
  due: number;
  /** Of which past due in paused campaigns (the tick must step over them). */
  paused: number;
  campaigns: number;
  accounts: number;
}

export interface SeedReport {
  counts: Array<{ status: string; due: boolean; n: number }>;
  leadsTableMb: number;
  dueIndexMb: number;
}

const ALWAYS_OPEN = `'UTC', '{1,2,3,4,5,6,7}'::integer[], '00:00', '24:00'`;

/**
 * Seeds with one `insert … select from generate_series` per kind of row, every instant relative to
 * `now` (sent as text: postgres.js serialises Date parameters only for typed columns). One client
 * per account; campaigns spread round-robin over the accounts; every campaign has an invite step
 * (14-day accept timeout) and a message step one working day later, like the sequencer's tests.
 */
export async function seedSequencerWorld(database: Database, shape: SeedShape, now: Date): Promise<void> {
  const { sql } = database;
  const at = now.toISOString();
  const rest = shape.leads - shape.due - shape.paused;
  if (rest < 0) throw new Error('--due plus --paused exceed --leads');

  await sql`insert into clients (name) select 'bench-sequencer client ' || n from generate_series(1, ${shape.accounts}::int) n`;
  await sql`
    insert into linkedin_accounts (client_id, unipile_account_id, name, min_action_spacing_seconds, max_action_spacing_seconds)
    select id, 'bench-seq-' || id, 'Bench ' || name, 0, 0 from clients`;
  const campaigns = async (count: number, status: 'active' | 'paused', label: string) =>
    sql.unsafe(
      `with a as (select id, client_id, row_number() over (order by id) - 1 as k from linkedin_accounts)
     insert into campaigns (client_id, linkedin_account_id, name, status, timezone, working_days, working_hours_start, working_hours_end, started_at)
     select a.client_id, a.id, '${label} ' || lpad(n::text, 4, '0'), '${status}', ${ALWAYS_OPEN}, now()
       from generate_series(0, ${count - 1}) n join a on a.k = n % ${shape.accounts}`,
    );
  await campaigns(shape.campaigns, 'active', 'bench active');
  if (shape.paused > 0) await campaigns(2, 'paused', 'bench paused');
  await sql`
    insert into sequence_steps (campaign_id, position, action, template, accept_timeout_days, delay_working_days)
    select id, 0, 'invite'::step_action, 'Hi {{first_name}}, let us connect.', 14, null::int from campaigns
    union all
    select id, 1, 'message'::step_action, 'Thanks for connecting, {{first_name}}!', null, 1 from campaigns`;

  const numbered = (status: string) =>
    sql`(select id, client_id, row_number() over (order by name) - 1 as k, count(*) over () as total from campaigns where status = ${status}::campaign_status)`;

  // Due: spread over the last day, so the scan orders real, distinct instants.
  await sql`
    insert into leads (client_id, campaign_id, first_name, last_name, public_identifier, provider_id, status, current_step, next_action_at)
    select c.client_id, c.id, 'Due' || n, 'Lead ' || n, 'due-' || n, 'ACoAdue' || n, 'pending_invite', 0,
           ${at}::timestamptz - make_interval(secs => 1 + (n * 17) % 86400)
      from generate_series(1, ${shape.due}::int) n join ${numbered('active')} c on c.k = n % c.total`;

  // Not due: 60% still in the sequence with a future next_action_at (up to two weeks out), 40%
  // finished or stopped (half of those with a stale past next_action_at the partial index must skip).
  await sql`
    insert into leads (client_id, campaign_id, first_name, last_name, public_identifier, provider_id, status, current_step, next_action_at)
    select c.client_id, c.id, 'Later' || n, 'Lead ' || n, 'later-' || n, 'ACoAlater' || n, s.status::lead_status, s.step,
           case when s.active then ${at}::timestamptz + make_interval(mins => 1 + (n * 7) % 20160)
                when n % 2 = 0 then null
                else ${at}::timestamptz - make_interval(mins => 1 + (n * 13) % 20160) end
      from generate_series(1, ${rest}::int) n
      join ${numbered('active')} c on c.k = n % c.total
      cross join lateral (
        select n % 20 < 12 as active,
               case when n % 20 < 12 then (array['pending_invite', 'invite_sent', 'connected', 'messaged'])[1 + (n / 20) % 4]
                    else (array['responded', 'completed', 'error', 'skipped', 'withdrawn'])[1 + (n / 20) % 5] end as status,
               case when n % 20 < 12 then (array[0, 1, 1, 2])[1 + (n / 20) % 4] else 1 end as step
      ) s`;

  // Past due, but their campaign is paused: older than every due lead, so `order by next_action_at` meets them first.
  if (shape.paused > 0) {
    await sql`
      insert into leads (client_id, campaign_id, first_name, last_name, public_identifier, provider_id, status, current_step, next_action_at)
      select c.client_id, c.id, 'Paused' || n, 'Lead ' || n, 'paused-' || n, 'ACoApaused' || n, 'pending_invite', 0,
             ${at}::timestamptz - interval '2 days' - make_interval(secs => n)
        from generate_series(1, ${shape.paused}::int) n join ${numbered('paused')} c on c.k = n % c.total`;
  }
  await sql`analyze`;
}

/** What was seeded, counted back from the tables (so a mistake in the SQL shows in the output). */
export async function describeSeed(database: Database, now: Date): Promise<SeedReport> {
  const { sql } = database;
  const at = now.toISOString();
  const counts = await sql<Array<{ status: string; due: boolean; n: number }>>`
    select l.status::text as status, coalesce(l.next_action_at <= ${at}::timestamptz, false) as due, count(*)::int as n
      from leads l group by 1, 2 order by 1, 2`;
  const [sizes] = await sql<Array<{ leads_mb: number; due_idx_mb: number }>>`
    select pg_total_relation_size('leads') / 1048576.0 as leads_mb, pg_relation_size('leads_due_idx') / 1048576.0 as due_idx_mb`;
  return { counts: [...counts], leadsTableMb: Number(sizes?.leads_mb ?? NaN), dueIndexMb: Number(sizes?.due_idx_mb ?? NaN) };
}
