import type { Database } from '@outreach/db';
import type { SentLog } from '@outreach/unipile-sandbox';
import type { SimLine } from './clock';

export interface Verdict {
  sends: number;
  /** Two calls of one account closer than its minimum spacing (simulated time, 1 real ms of tolerance). */
  spacingViolations: number;
  /** Smallest simulated gap between two calls of one account, seconds. */
  smallestGapSeconds: number;
  /** (account, local day) pairs over the daily invite cap; accounts over the weekly cap. */
  dailyCapViolations: number;
  weeklyCapViolations: number;
  busiestAccountDay: number;
  /**
   * Calls outside the campaign's window (local 09:00–17:00, Mon–Fri) beyond the grace: the window
   * is checked (on the simulated clock) just before the claim, and the call reaches the sandbox a
   * few real ms later, which the compression multiplies by `speed`. A call landing after the close
   * by less than `graceRealMs` of real time is counted apart (`edgeOfWindow`), with the largest
   * overshoot in real ms; one before the opening is always a violation.
   */
  outsideWindow: number;
  edgeOfWindow: number;
  edgeOvershootRealMs: number;
  /** A second invitation from one account to one person. */
  duplicates: number;
  /** Invitations to someone not due today, or before their due time. */
  notDue: number;
  early: number;
  /** Simulated seconds: call − due time; and call − the later of the due time and the previous call + max spacing. */
  lateness: { p50: number; p99: number; max: number };
  latenessBeyondSpacing: { p50: number; p99: number; max: number };
  /** Real-time rate at the sandbox: first to last call, and the busiest real minute. */
  sendsPerSecond: number;
  peakMinutePerSecond: number;
}

/**
 * Judges the run from what the sandbox received (its record of calls, machine time) rather than
 * from our own tables: every call mapped onto the simulated time line, then checked in SQL against
 * each account's caps and spacing and its campaign's window.
 */
export async function judge(database: Database, line: SimLine, invitations: SentLog['invitations'], graceRealMs: number): Promise<Verdict> {
  const { sql } = database;
  await sql`create table bench_scale_sent (account_id text not null, provider_id text not null, real_at timestamptz not null)`;
  for (let i = 0; i < invitations.length; i += 20_000) {
    const chunk = invitations.slice(i, i + 20_000).map((s) => ({ a: s.account_id, p: s.provider_id, t: s.at }));
    await sql`
      insert into bench_scale_sent select a, p, t from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(a text, p text, t timestamptz)`;
  }
  const toleranceSeconds = line.speed / 1000;
  const [v] = await sql<Array<Record<string, string | number | null>>>`
    with s as (
      select account_id, provider_id, real_at,
             to_timestamp((${line.simOrigin}::float8 + (extract(epoch from real_at) * 1000 - ${line.realOrigin}::float8) * ${line.speed}::float8) / 1000) as sim_at
        from bench_scale_sent),
    j as (
      select s.*, a.timezone, a.daily_invite_limit, a.weekly_invite_limit, a.min_action_spacing_seconds as min_gap,
             a.max_action_spacing_seconds as max_gap, d.due_at,
             lag(s.sim_at) over (partition by s.account_id order by s.sim_at) as prev_at,
             (s.sim_at at time zone a.timezone) as local_at
        from s join linkedin_accounts a on a.unipile_account_id = s.account_id
        left join bench_scale_due d on d.provider_id = s.provider_id),
    days as (
      select account_id, (sim_at at time zone timezone)::date as day, count(*) as n, max(daily_invite_limit) as cap
        from j group by 1, 2),
    weeks as (select account_id, count(*) as n, max(weekly_invite_limit) as cap from j group by 1),
    late as (
      select extract(epoch from sim_at - due_at) as raw,
             greatest(0, extract(epoch from sim_at - greatest(due_at, prev_at + make_interval(secs => max_gap)))) as beyond
        from j where due_at is not null)
    select
      (select count(*) from j)::int as sends,
      (select count(*) from j where prev_at is not null
          and extract(epoch from sim_at - prev_at) < min_gap - ${toleranceSeconds}::float8)::int as spacing,
      (select min(extract(epoch from sim_at - prev_at)) from j)::float8 as smallest_gap,
      (select count(*) from days where n > cap)::int as daily,
      (select coalesce(max(n), 0) from days)::int as busiest,
      (select count(*) from weeks where n > cap)::int as weekly,
      (select count(*) from j where local_at::time < '09:00' or extract(isodow from local_at) > 5
          or extract(epoch from local_at - (local_at::date + time '17:00')) * 1000 / ${line.speed}::float8 >= ${graceRealMs}::float8)::int as outside,
      (select count(*) from j where local_at::time >= '17:00' and extract(isodow from local_at) <= 5
          and extract(epoch from local_at - (local_at::date + time '17:00')) * 1000 / ${line.speed}::float8 < ${graceRealMs}::float8)::int as edge,
      (select coalesce(max(extract(epoch from local_at - (local_at::date + time '17:00')) * 1000 / ${line.speed}::float8), 0)
         from j where local_at::time >= '17:00')::float8 as edge_ms,
      (select count(*) - count(distinct (account_id, provider_id)) from j)::int as duplicates,
      (select count(*) from j where due_at is null)::int as not_due,
      (select count(*) from j where sim_at < due_at)::int as early,
      (select percentile_disc(0.5) within group (order by raw) from late)::float8 as raw_p50,
      (select percentile_disc(0.99) within group (order by raw) from late)::float8 as raw_p99,
      (select max(raw) from late)::float8 as raw_max,
      (select percentile_disc(0.5) within group (order by beyond) from late)::float8 as beyond_p50,
      (select percentile_disc(0.99) within group (order by beyond) from late)::float8 as beyond_p99,
      (select max(beyond) from late)::float8 as beyond_max,
      (select (count(*) - 1) / nullif(extract(epoch from max(real_at) - min(real_at)), 0) from s)::float8 as per_second,
      (select max(n) / 60.0 from (select count(*) as n from s group by date_trunc('minute', real_at)) m)::float8 as peak_minute`;
  const num = (key: string) => Number(v?.[key] ?? Number.NaN);
  return {
    sends: num('sends'),
    spacingViolations: num('spacing'),
    smallestGapSeconds: num('smallest_gap'),
    dailyCapViolations: num('daily'),
    weeklyCapViolations: num('weekly'),
    busiestAccountDay: num('busiest'),
    outsideWindow: num('outside'),
    edgeOfWindow: num('edge'),
    edgeOvershootRealMs: num('edge_ms'),
    duplicates: num('duplicates'),
    notDue: num('not_due'),
    early: num('early'),
    lateness: { p50: num('raw_p50'), p99: num('raw_p99'), max: num('raw_max') },
    latenessBeyondSpacing: { p50: num('beyond_p50'), p99: num('beyond_p99'), max: num('beyond_max') },
    sendsPerSecond: num('per_second'),
    peakMinutePerSecond: num('peak_minute'),
  };
}
