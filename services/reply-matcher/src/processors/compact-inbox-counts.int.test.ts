import { conversations } from '@outreach/db';
import { eq, sql } from 'drizzle-orm';
import { insertConversation, insertTenant, waitFor } from '@outreach/testing';
import { startMatcherHarness, type MatcherHarness } from '../test-support/harness';
import { startMatcherWorkers, type MatcherWorkers } from '../workers';
import { processCompactInboxCounts } from './compact-inbox-counts';

let h: MatcherHarness;
beforeAll(async () => {
  h = await startMatcherHarness();
});
afterAll(async () => {
  await h.close();
});

/** The tenant's ledger: rows, rows not yet folded, and the sums per status. */
async function ledger(clientId: string) {
  const [row] = (await h.database.db.execute(sql`
    select count(*)::int as rows, (count(*) filter (where not is_compacted))::int as pending,
      coalesce(jsonb_object_agg(status, n) filter (where n <> 0), '{}'::jsonb) as totals
    from (select status, is_compacted, sum(total) over (partition by status)::int as n from conversation_counts where client_id = ${clientId}::uuid) k`)) as unknown as Array<{
    rows: number;
    pending: number;
    totals: Record<string, number>;
  }>;
  return row!;
}

describe('compact-inbox-counts', () => {
  it('folds a tenant’s ledger into one row per key and keeps every sum', async () => {
    const { client, account } = await insertTenant(h.database.db);
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await insertConversation(h.database.db, account));
    await h.database.db.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, made[0]!.id));
    await h.database.db.update(conversations).set({ status: 'pending' }).where(eq(conversations.id, made[1]!.id));
    const before = await ledger(client.id);
    expect(before.pending).toBeGreaterThan(3);
    expect(before.totals).toEqual({ open: 3, closed: 1, pending: 1 });

    expect((await processCompactInboxCounts(h.deps)).clients).toBeGreaterThanOrEqual(1);
    const after = await ledger(client.id);
    expect(after).toEqual({ rows: 3, pending: 0, totals: { open: 3, closed: 1, pending: 1 } });
  });

  it('folds the ledger through the scheduled job', async () => {
    const { client, account } = await insertTenant(h.database.db);
    await insertConversation(h.database.db, account);
    await insertConversation(h.database.db, account);
    const workers: MatcherWorkers = await startMatcherWorkers(h.deps, {
      connection: h.redis,
      prefix: h.prefix,
      concurrency: 1,
      countsCompactEveryMs: 250,
    });
    try {
      await waitFor(async () => (await ledger(client.id)).pending === 0, { timeoutMs: 10_000, what: 'the ledger to be folded' });
    } finally {
      await workers.close();
    }
    expect(await ledger(client.id)).toEqual({ rows: 1, pending: 0, totals: { open: 2 } });
  });
});
