/**
 * Analytics at scale: EVENTS synthetic events (default 10M) over CLIENTS clients (default 2,000),
 * generated with generate_series in a fresh database, then rollup catch-up speed, p95 of the
 * campaign summary/timeseries reads, and EXPLAIN of the hot queries. Prints figures; asserts nothing.
 *   EVENTS=1000000 CLIENTS=200 pnpm --filter @outreach/bench analytics
 */
import { countUniqueLeads, createDatabase, listRollupSlots, rollupEventsBatch, sumRollups } from '@outreach/db';
import { sql } from 'drizzle-orm';
import { createFreshDatabase } from '@outreach/testing';

const EVENTS = Number(process.env.EVENTS ?? 10_000_000);
const CLIENTS = Number(process.env.CLIENTS ?? 2_000);
const CAMPAIGNS_PER_CLIENT = 5;
const SAMPLES = Number(process.env.SAMPLES ?? 200);

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;

async function main(): Promise<void> {
  const fresh = await createFreshDatabase('bench_analytics');
  const { db, sql: raw, close } = createDatabase(fresh.url, { max: 4 });
  try {
    let t = Date.now();
    await raw.unsafe(`
      insert into clients (id, name) select ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid, 'Client ' || c from generate_series(1, ${CLIENTS}) c;
      insert into linkedin_accounts (id, client_id, unipile_account_id, name)
        select ('00000000-0000-4000-9000-' || lpad(to_hex(c), 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid, 'acc_' || c, 'Sender ' || c from generate_series(1, ${CLIENTS}) c;
      insert into campaigns (id, client_id, linkedin_account_id, name, status)
        select ('00000000-0000-4000-a000-' || lpad(to_hex(c * 16 + k), 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid,
               ('00000000-0000-4000-9000-' || lpad(to_hex(c), 12, '0'))::uuid, 'Campaign ' || c || '-' || k, 'active'
        from generate_series(1, ${CLIENTS}) c, generate_series(1, ${CAMPAIGNS_PER_CLIENT}) k;`);
    // Events without leads: the rollup and window counts do not depend on them; unique-lead reads are timed on what exists.
    await raw.unsafe(`
      insert into events (client_id, campaign_id, linkedin_account_id, type, occurred_at)
      select ('00000000-0000-4000-8000-' || lpad(to_hex(c), 12, '0'))::uuid,
             ('00000000-0000-4000-a000-' || lpad(to_hex(c * 16 + 1 + (i % ${CAMPAIGNS_PER_CLIENT})), 12, '0'))::uuid,
             ('00000000-0000-4000-9000-' || lpad(to_hex(c), 12, '0'))::uuid,
             (array['connection_request_sent','connection_accepted','message_sent','message_received','message_failed']::event_type[])[1 + (i % 5)],
             now() - (random() * interval '90 days')
      from generate_series(1, ${EVENTS}) i, lateral (select 1 + (i % ${CLIENTS}) as c) x`);
    console.log(`seeded ${EVENTS} events over ${CLIENTS} clients in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    t = Date.now();
    let n = 0;
    for (;;) {
      const b = await rollupEventsBatch(db, 50_000);
      n += b.events;
      if (b.events < 50_000) break;
    }
    const secs = (Date.now() - t) / 1000;
    console.log(`rollup catch-up: ${n} events in ${secs.toFixed(1)} s = ${Math.round(n / secs)} events/s`);
    await raw.unsafe('analyze');

    const series: number[] = [];
    const summary: number[] = [];
    const hi = new Date();
    const lo = new Date(hi.getTime() - 30 * 86_400_000);
    for (let i = 0; i < SAMPLES; i++) {
      const c = 1 + Math.floor(Math.random() * CLIENTS);
      const scope = {
        clientId: `00000000-0000-4000-8000-${c.toString(16).padStart(12, '0')}`,
        campaignId: `00000000-0000-4000-a000-${(c * 16 + 1).toString(16).padStart(12, '0')}`,
        lo,
        hi,
      };
      let s = performance.now();
      await listRollupSlots(db, scope, ['connection_request_sent', 'connection_accepted', 'message_sent', 'message_received']);
      series.push(performance.now() - s);
      s = performance.now();
      await Promise.all([sumRollups(db, scope), countUniqueLeads(db, scope)]);
      summary.push(performance.now() - s);
    }
    const compare: number[] = [];
    for (let i = 0; i < Math.max(10, SAMPLES / 10); i++) {
      const s = performance.now();
      await Promise.all(
        Array.from({ length: 50 }, () => {
          const c = 1 + Math.floor(Math.random() * CLIENTS);
          const scope = {
            clientId: `00000000-0000-4000-8000-${c.toString(16).padStart(12, '0')}`,
            campaignId: `00000000-0000-4000-a000-${(c * 16 + 1).toString(16).padStart(12, '0')}`,
            lo,
            hi,
          };
          return Promise.all([sumRollups(db, scope), countUniqueLeads(db, scope)]);
        }),
      );
      compare.push(performance.now() - s);
    }
    console.log(`compare over 50 campaigns p95 ${p95(compare).toFixed(1)} ms`);
    console.log(
      `30-day timeseries read p95 ${p95(series).toFixed(1)} ms, summary reads p95 ${p95(summary).toFixed(1)} ms (${SAMPLES} samples)`,
    );
    const plan = await db.execute<{ 'QUERY PLAN': string }>(sql`explain select slot, type, sum(count) from event_rollups
      where client_id = '00000000-0000-4000-8000-000000000001' and campaign_id = '00000000-0000-4000-a000-000000000011' and slot >= now() - interval '30 days' and slot < now() group by 1, 2`);
    console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
  } finally {
    await close();
    await fresh.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
