import type { Database } from '@outreach/db';

type Sql = Database['sql'];

/** Ids the bench derives from numbers, so seed, reads and EXPLAIN agree without a lookup. */
export const ids = {
  client: (c: number) => `00000000-0000-4000-8000-${c.toString(16).padStart(12, '0')}`,
  account: (c: number) => `00000000-0000-4000-9000-${c.toString(16).padStart(12, '0')}`,
  campaign: (c: number, k: number) => `00000000-0000-4000-a000-${(c * 16 + k).toString(16).padStart(12, '0')}`,
};
export const CAMPAIGNS_PER_CLIENT = 5;
const CHUNK = 1_000_000;

const hex = (expr: string) => `lpad(to_hex(${expr}), 12, '0')`;

/**
 * Clients (one account, five campaigns each), 90 days of `rate_usage`, and `events` events: one
 * lead per five consecutive ids (invite, acceptance an hour later, a message, a reply for one lead
 * in five else a second message, a status change), spread over 90 days. Seeded the way a restore
 * would be: foreign-key triggers off and the events' secondary indexes built after the rows.
 */
export async function seedEvents(raw: Sql, o: { events: number; clients: number }): Promise<void> {
  let t = Date.now();
  await raw.unsafe(`
    insert into clients (id, name) select ('00000000-0000-4000-8000-' || ${hex('c')})::uuid, 'Client ' || c from generate_series(1, ${o.clients}) c;
    insert into linkedin_accounts (id, client_id, unipile_account_id, name, timezone)
      select ('00000000-0000-4000-9000-' || ${hex('c')})::uuid, ('00000000-0000-4000-8000-' || ${hex('c')})::uuid, 'acc_' || c, 'Sender ' || c,
             (array['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'UTC'])[1 + c % 4]
      from generate_series(1, ${o.clients}) c;
    insert into campaigns (id, client_id, linkedin_account_id, name, status)
      select ('00000000-0000-4000-a000-' || ${hex('c * 16 + k')})::uuid, ('00000000-0000-4000-8000-' || ${hex('c')})::uuid,
             ('00000000-0000-4000-9000-' || ${hex('c')})::uuid, 'Campaign ' || c || '-' || k, 'active'
      from generate_series(1, ${o.clients}) c, generate_series(1, ${CAMPAIGNS_PER_CLIENT}) k;
    insert into rate_usage (linkedin_account_id, action, day, count)
      select ('00000000-0000-4000-9000-' || ${hex('c')})::uuid, a, current_date - d, 1 + (c + d) % 20
      from generate_series(1, ${o.clients}) c, generate_series(0, 89) d, unnest(array['invite', 'message']::rate_action[]) a;`);
  const indexes = await raw<Array<{ name: string; def: string }>>`
    select indexname as name, indexdef as def from pg_indexes
    where tablename = 'events' and indexname <> 'events_pkey'`;
  for (const ix of indexes) await raw.unsafe(`drop index ${ix.name}`);
  for (let from = 1; from <= o.events; from += CHUNK) {
    const to = Math.min(o.events, from + CHUNK - 1);
    await raw.unsafe(`
      set session_replication_role = replica;
      insert into events (client_id, campaign_id, linkedin_account_id, lead_id, type, occurred_at, meta)
      select ('00000000-0000-4000-8000-' || ${hex('c')})::uuid,
             ('00000000-0000-4000-a000-' || ${hex(`c * 16 + 1 + (l / ${o.clients}) % ${CAMPAIGNS_PER_CLIENT}`)})::uuid,
             ('00000000-0000-4000-9000-' || ${hex('c')})::uuid,
             ('00000000-0000-4000-b000-' || ${hex('l')})::uuid,
             (case s when 0 then 'connection_request_sent' when 1 then 'connection_accepted' when 2 then 'message_sent'
                     when 3 then (case when l % 5 = 0 then 'message_received' else 'message_sent' end)
                     else 'lead_status_changed' end)::event_type,
             now() - ((l::bigint * 7919) % 7776000) * interval '1 second' + s * interval '1 hour',
             case when s in (2, 3) then jsonb_build_object('step', s - 1) else '{}'::jsonb end
      from generate_series(${from}, ${to}) i,
           lateral (select (i - 1) / 5 as l, (i - 1) % 5 as s) x,
           lateral (select 1 + (x.l % ${o.clients}) as c) y;
      set session_replication_role = origin;`);
    console.log(`  seeded ${to} events (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  }
  const seeded = (Date.now() - t) / 1000;
  t = Date.now();
  for (const ix of indexes) await raw.unsafe(ix.def);
  console.log(
    `seeded ${o.events} events over ${o.clients} clients in ${seeded.toFixed(1)} s; events' ${indexes.length} indexes built in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
}
