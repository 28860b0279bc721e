/**
 * Analytics at scale: EVENTS synthetic events (default 10M) over CLIENTS clients (default 2,000),
 * generated with generate_series in a fresh database, then rollup catch-up speed, p95 of the
 * campaign summary/timeseries reads, the client overview and compare, and the EXPLAIN of every
 * analytics query (any sequential scan is named). Prints figures; asserts nothing.
 *   EVENTS=1000000 CLIENTS=200 pnpm --filter @outreach/bench analytics
 */
import { createDatabase, rollupEventsBatch } from '@outreach/db';
import { createFreshDatabase } from '@outreach/testing';
import { explainAll, formatPlans } from './explain';
import { benchReads } from './reads';
import { seedEvents } from './seed';

const EVENTS = Number(process.env.EVENTS ?? 10_000_000);
const CLIENTS = Number(process.env.CLIENTS ?? 2_000);
const SAMPLES = Number(process.env.SAMPLES ?? 200);
const BATCH = Number(process.env.BATCH ?? 50_000);

async function main(): Promise<void> {
  const fresh = await createFreshDatabase('bench_analytics');
  const { db, sql: raw, close } = createDatabase(fresh.url, { max: 4 });
  try {
    await seedEvents(raw, { events: EVENTS, clients: CLIENTS });

    let t = Date.now();
    let n = 0;
    let reported = 0;
    for (;;) {
      const b = await rollupEventsBatch(db, BATCH);
      n += b.events;
      if (n - reported >= 1_000_000) {
        reported = n;
        console.log(`  rolled up ${n} events, ${Math.round(n / ((Date.now() - t) / 1000))} events/s so far`);
      }
      if (b.events < BATCH) break;
    }
    const secs = (Date.now() - t) / 1000;
    console.log(`rollup catch-up: ${n} events in ${secs.toFixed(1)} s = ${Math.round(n / secs)} events/s (batches of ${BATCH})`);
    t = Date.now();
    await raw.unsafe('analyze');
    console.log(`analyze ${((Date.now() - t) / 1000).toFixed(1)} s`);

    await benchReads(db, { clients: CLIENTS, samples: SAMPLES });

    const plans = await explainAll(db, { clients: CLIENTS });
    console.log(formatPlans(plans));
  } finally {
    await close();
    await fresh.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
