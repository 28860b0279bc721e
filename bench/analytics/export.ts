/**
 * A ROWS-row (default 1,000,000) events export read through the export cursor, printing peak RSS:
 * memory must stay flat however many rows there are. The gateway writes the same pages to the
 * socket, waiting for it to drain.   ROWS=1000000 pnpm --filter @outreach/bench analytics:export
 */
import { createDatabase, streamCampaignEvents } from '@outreach/db';
import { createFreshDatabase, insertTenant } from '@outreach/testing';

const ROWS = Number(process.env.ROWS ?? 1_000_000);

async function main(): Promise<void> {
  const fresh = await createFreshDatabase('bench_export');
  const { db, sql: raw, close } = createDatabase(fresh.url, { max: 2 });
  try {
    const t = await insertTenant(db);
    await raw.unsafe(`insert into events (client_id, campaign_id, linkedin_account_id, type, occurred_at, meta)
      select '${t.client.id}', '${t.campaign.id}', '${t.account.id}', 'message_sent', now() - i * interval '1 second', '{"step": 1}'
      from generate_series(1, ${ROWS}) i`);
    const before = process.memoryUsage().rss;
    let peak = before;
    let rows = 0;
    let bytes = 0;
    const started = Date.now();
    for await (const page of streamCampaignEvents(db, t.client.id, t.campaign.id)) {
      for (const r of page)
        bytes += `${r.id},${r.occurred_at},${r.type},${r.lead_id ?? ''},${r.linkedin_account_id},${r.step},${r.origin ?? ''}\n`.length;
      rows += page.length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    const mb = (n: number) => (n / 1_048_576).toFixed(0);
    console.log(
      `exported ${rows} rows (${mb(bytes)} MB of CSV) in ${((Date.now() - started) / 1000).toFixed(1)} s; RSS ${mb(before)} MB before, peak ${mb(peak)} MB`,
    );
  } finally {
    await close();
    await fresh.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
