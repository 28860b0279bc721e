import type { Database } from '@outreach/db';
import type { SandboxControl } from '@outreach/unipile-sandbox';
import { inPool } from '../sender/seed';
import type { ScaleOptions } from './options';

/**
 * Twelve zones, nine hours apart at the extremes (in January): the working day (09:00–17:00 local)
 * of the world's accounts spans 02:00–22:00 UTC, as an agency spread over the Americas, Europe
 * and Asia would see it.
 */
export const ZONES = [
  'America/New_York',
  'America/Sao_Paulo',
  'Atlantic/Azores',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Athens',
  'Europe/Moscow',
  'Asia/Dubai',
  'Asia/Karachi',
  'Asia/Kolkata',
  'Asia/Dhaka',
  'Asia/Bangkok',
] as const;

/** The simulated day: a Monday in every zone, after the machine's today (see README: why the future). */
export const SIM_DAY = '2027-01-04';

export interface SeededWorld {
  /** The simulated day's first window opening and last closing, epoch ms. */
  firstOpen: number;
  lastClose: number;
  dueToday: number;
  leads: number;
  seconds: { database: number; sandbox: number };
}

const sandboxAccountId = (n: number) => `scale-acct-${n}`;

/**
 * Seeds Postgres with one `insert … select from generate_series` per kind of row, and the sandbox
 * with its accounts (one control call each) and the people invited today (5,000 per call).
 * Accounts: `accounts` over `clients`, zone = account number mod 12, one active campaign each
 * (invite step, then a message one working day later), the campaign's window 09:00–17:00 Mon–Fri
 * in the account's zone. Leads: per account `duePerAccount` `pending_invite` leads due at even
 * steps through that account's window on the simulated day (more than the daily cap: the rest must
 * wait for tomorrow), and the remaining leads in the sequence later (due from the next week) or
 * finished. `bench_scale_due` keeps each due lead's due time for the lateness figures.
 */
export async function seedScaleWorld(database: Database, control: SandboxControl, opts: ScaleOptions): Promise<SeededWorld> {
  const { sql } = database;
  const started = performance.now();
  const accounts = opts.accounts;
  const due = opts.duePerAccount * accounts;
  if (due > opts.leads) throw new Error(`--due-per-account × --accounts (${due}) exceeds --leads (${opts.leads})`);
  const zones = `array[${ZONES.map((z) => `'${z}'`).join(',')}]`;

  await sql`insert into clients (name) select 'scale client ' || n from generate_series(0, ${opts.clients - 1}::int) n`;
  await sql.unsafe(`
    with c as (select id, row_number() over (order by name) - 1 as k from clients)
    insert into linkedin_accounts (client_id, unipile_account_id, name, timezone, daily_invite_limit, weekly_invite_limit,
                                   min_action_spacing_seconds, max_action_spacing_seconds)
    select c.id, 'scale-acct-' || n, 'Scale Account ' || n, (${zones})[1 + n % 12], ${opts.inviteCap}, ${opts.weeklyInviteCap},
           ${opts.minSpacing}, ${opts.maxSpacing}
      from generate_series(0, ${accounts - 1}) n join c on c.k = n % ${opts.clients}`);
  await sql`
    insert into campaigns (client_id, linkedin_account_id, name, status, timezone, working_days, working_hours_start, working_hours_end, started_at)
    select client_id, id, 'scale ' || name, 'active', timezone, '{1,2,3,4,5}', '09:00', '17:00', now() from linkedin_accounts`;
  await sql`
    insert into sequence_steps (campaign_id, position, action, template, accept_timeout_days, delay_working_days)
    select id, 0, 'invite'::step_action, 'Hi {{first_name}}, let us connect.', 14, null::int from campaigns
    union all
    select id, 1, 'message'::step_action, 'Thanks for connecting, {{first_name}}!', null, 1 from campaigns`;

  // Account number → ids, so the lead inserts below are hash joins on an integer.
  await sql`
    create table bench_scale_accounts as
    select (substring(l.unipile_account_id from 'scale-acct-([0-9]+)'))::int as n, l.id as account_id, c.id as campaign_id,
           l.client_id, l.timezone
      from linkedin_accounts l join campaigns c on c.linkedin_account_id = l.id`;
  await sql`alter table bench_scale_accounts add primary key (n)`;
  // Lead n belongs to account n mod accounts; the first `due` are due today, each account's k-th
  // (k = n div accounts) at open + (k + ½) × 8 h / duePerAccount in its own zone.
  await sql.unsafe(`
    create table bench_scale_due as
    select a.account_id, a.campaign_id, a.client_id, g.n as lead_n, 'ACoAscale' || g.n as provider_id,
           (timestamp '${SIM_DAY} 09:00' at time zone a.timezone)
             + make_interval(secs => ((g.n / ${accounts}) + 0.5) * 28800.0 / ${opts.duePerAccount}) as due_at
      from generate_series(0, ${due - 1}) g(n) join bench_scale_accounts a on a.n = g.n % ${accounts}`);
  await sql`
    insert into leads (client_id, campaign_id, first_name, last_name, company, public_identifier, provider_id, status, current_step, next_action_at)
    select client_id, campaign_id, 'Ann' || lead_n, 'Scale', 'Company ' || lead_n % 1000, 'scale-' || lead_n, provider_id,
           'pending_invite', 0, due_at
      from bench_scale_due`;
  // Not due today: 60% still in the sequence, due from a week later; 40% finished or stopped.
  const later = new Date(`${SIM_DAY}T00:00:00Z`).getTime() + 7 * 86_400_000;
  await sql.unsafe(`
    insert into leads (client_id, campaign_id, first_name, last_name, company, public_identifier, provider_id, status, current_step, next_action_at)
    select a.client_id, a.campaign_id, 'Bo' || g.n, 'Scale', 'Company ' || g.n % 1000, 'scale-' || g.n, 'ACoAscale' || g.n,
           s.status::lead_status, s.step,
           case when s.active then '${new Date(later).toISOString()}'::timestamptz + make_interval(mins => (g.n * 7) % 20160) end
      from generate_series(${due}, ${opts.leads - 1}) g(n)
      join bench_scale_accounts a on a.n = g.n % ${accounts}
      cross join lateral (
        select g.n % 20 < 12 as active,
               case when g.n % 20 < 12 then (array['pending_invite', 'invite_sent', 'connected', 'messaged'])[1 + (g.n / 20) % 4]
                    else (array['responded', 'completed', 'error', 'skipped', 'withdrawn'])[1 + (g.n / 20) % 5] end as status,
               case when g.n % 20 < 12 then (array[0, 1, 1, 2])[1 + (g.n / 20) % 4] else 1 end as step
      ) s`);
  await sql`create index on bench_scale_due (provider_id)`;
  await sql`vacuum analyze`;
  const databaseSeconds = (performance.now() - started) / 1000;

  const sandboxStarted = performance.now();
  await inPool(
    Array.from({ length: accounts }, (_, n) => n),
    16,
    (n) => control.createAccount({ id: sandboxAccountId(n), name: `Scale Account ${n}`, weekly_invite_quota: opts.weeklyInviteCap }),
  );
  const chunks = Array.from({ length: Math.ceil(due / 5000) }, (_, i) => i * 5000);
  await inPool(chunks, 2, (from) =>
    control.createPeople({
      people: Array.from({ length: Math.min(5000, due - from) }, (_, i) => {
        const n = from + i;
        return {
          provider_id: `ACoAscale${n}`,
          public_identifier: `scale-${n}`,
          member_id: String(500_000_000 + n),
          first_name: `Ann${n}`,
          last_name: 'Scale',
        };
      }),
    }),
  );
  const sandboxSeconds = (performance.now() - sandboxStarted) / 1000;

  const [span] = await sql<Array<{ first_open: number; last_close: number }>>`
    select (extract(epoch from min(due_at)) * 1000 - 14400000.0 / ${opts.duePerAccount}::int)::float8 as first_open,
           (extract(epoch from max(due_at)) * 1000 + 14400000.0 / ${opts.duePerAccount}::int)::float8 as last_close
      from bench_scale_due`;
  return {
    firstOpen: Math.round(Number(span!.first_open)),
    lastClose: Math.round(Number(span!.last_close)),
    dueToday: due,
    leads: opts.leads,
    seconds: { database: databaseSeconds, sandbox: sandboxSeconds },
  };
}
