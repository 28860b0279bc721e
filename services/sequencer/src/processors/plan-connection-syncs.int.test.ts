import { linkedinAccounts } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { startSequencerHarness, type SequencerHarness } from '../test-support/harness';
import { processPlanConnectionSyncs, syncWindows } from './plan-connection-syncs';

let h: SequencerHarness;
beforeAll(async () => {
  h = await startSequencerHarness();
});
afterAll(() => h.close());

describe('connection sync planning', () => {
  it('splits a UTC day into equal windows', () => {
    const w = syncWindows(new Date('2026-06-01T13:00:00Z'), 4);
    expect(w.map((x) => new Date(x.start).toISOString())).toEqual([
      '2026-06-01T00:00:00.000Z',
      '2026-06-01T06:00:00.000Z',
      '2026-06-01T12:00:00.000Z',
      '2026-06-01T18:00:00.000Z',
    ]);
  });

  it('plans a sync at a random moment of each remaining window for accounts with invites waiting, once', async () => {
    const s = await h.seed();
    await s.addLead({ status: 'invite_sent', nextActionAt: null });
    const idle = await h.seed();
    await idle.addLead({ status: 'pending_invite' });
    const now = new Date();
    await processPlanConnectionSyncs(h.deps, now, () => 0.5);
    await processPlanConnectionSyncs(h.deps, now, () => 0.1);

    const jobs = await h.queues.connectionSync.getJobs(['delayed', 'waiting']);
    const mine = jobs.filter((j) => j.data.linkedinAccountId === s.accountId);
    expect(jobs.filter((j) => j.data.linkedinAccountId === idle.accountId)).toHaveLength(0);
    const remainingToday = syncWindows(now, 4).filter((w) => w.end > now.getTime()).length;
    expect(mine).toHaveLength(remainingToday + 4);
    for (const job of mine) {
      const runsAt = job.timestamp + (job.opts.delay ?? 0);
      const slot = Number(job.id!.split('-').pop());
      const day = new Date(`${job.id!.slice(-12, -2)}T00:00:00Z`).getTime();
      expect(runsAt).toBeGreaterThanOrEqual(day + slot * 6 * 3600_000);
      expect(runsAt).toBeLessThan(day + (slot + 1) * 6 * 3600_000);
    }
    // A paused account is not synced.
    await Promise.all(mine.map((j) => j.remove()));
    await h.database.db.update(linkedinAccounts).set({ pausedReason: 'account_restricted' }).where(eq(linkedinAccounts.id, s.accountId));
    await processPlanConnectionSyncs(h.deps, now);
    const after = await h.queues.connectionSync.getJobs(['delayed', 'waiting']);
    expect(after.filter((j) => j.data.linkedinAccountId === s.accountId)).toHaveLength(0);
  });
});
