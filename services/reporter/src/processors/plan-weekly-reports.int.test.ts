import { notificationSettings } from '@outreach/db';
import { sendWeeklyReportJobId } from '@outreach/queues';
import { insertClient } from '@outreach/testing';
import { startReporterHarness, type ReporterHarness } from '../test-support/harness';
import { processPlanWeeklyReports } from './plan-weekly-reports';

/*
 * Other test files share the database, so the planner sees their clients too. Clients created now
 * are "created after the reported week ended" for the 2026 clocks used here and are never due;
 * this file's clients are back-dated to exist before the weeks they are reported on.
 */
const CREATED = new Date('2025-06-01T00:00:00Z');
let h: ReporterHarness;

beforeEach(async () => {
  h = await startReporterHarness();
});
afterEach(async () => {
  await h.close();
});

async function backdated(timezone: string, createdAt = CREATED) {
  const c = await insertClient(h.database.db, { timezone, createdAt });
  h.forget(c.id);
  return c;
}

async function plannedWeeks(clientId: string): Promise<string[]> {
  const jobs = await h.queues.weeklyReports.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs.filter((j) => j.data.clientId === clientId).map((j) => j.data.week as string);
}

async function plan(at: string): Promise<Awaited<ReturnType<typeof processPlanWeeklyReports>>> {
  h.setNow(new Date(at));
  return processPlanWeeklyReports(h.deps);
}

describe('plan-weekly-reports', () => {
  it('enqueues each client once its own local Monday 08:00 has passed, for the week before', async () => {
    const london = await backdated('Europe/London');
    const la = await backdated('America/Los_Angeles');

    // Mon 30 Mar 07:59:59 BST: not yet in London; still Sunday in Los Angeles.
    await plan('2026-03-30T06:59:59Z');
    expect(await plannedWeeks(london.id)).toEqual([]);

    // 08:00 BST: London's W13 report. In Los Angeles it is Sun 29 Mar 00:00 PDT, still W13 there,
    // whose Monday slot has long passed: only its W12 report is due.
    const result = await plan('2026-03-30T07:00:00Z');
    expect(result.due).toContainEqual({ clientId: london.id, week: '2026-W13' });
    expect(await plannedWeeks(london.id)).toEqual(['2026-W13']);
    expect(await plannedWeeks(la.id)).toEqual(['2026-W12']);
    const job = await h.queues.weeklyReports.getJob(sendWeeklyReportJobId(london.id, '2026-W13'));
    expect(job?.data).toEqual({ clientId: london.id, week: '2026-W13' });

    // Mon 07:59:59 PDT, then 08:00 PDT = 15:00Z.
    await plan('2026-03-30T14:59:59Z');
    expect(await plannedWeeks(la.id)).toEqual(['2026-W12']);
    await plan('2026-03-30T15:00:00Z');
    expect((await plannedWeeks(la.id)).sort()).toEqual(['2026-W12', '2026-W13']);
  });

  it('uses the local clock across a DST change (Los Angeles, Mon 2 Nov 2026 08:00 PST = 16:00Z)', async () => {
    const la = await backdated('America/Los_Angeles');
    await plan('2026-11-02T15:59:59Z'); // 07:59:59 PST (would be 08:59:59 on last week's PDT offset)
    expect(await plannedWeeks(la.id)).toEqual([]);
    await plan('2026-11-02T16:00:00Z');
    expect(await plannedWeeks(la.id)).toEqual(['2026-W44']);
  });

  it('plans a missed slot later the same week, once however often it runs', async () => {
    const london = await backdated('Europe/London');
    await plan('2026-04-01T12:00:00Z'); // the service was down on Monday; Wednesday it is back
    await plan('2026-04-01T13:00:00Z');
    await plan('2026-04-05T22:59:00Z'); // Sun 23:59 BST, still the same week
    expect(await plannedWeeks(london.id)).toEqual(['2026-W13']);
    await plan('2026-04-06T07:00:00Z'); // the next Monday's slot
    expect((await plannedWeeks(london.id)).sort()).toEqual(['2026-W13', '2026-W14']);
  });

  it('honours the client settings: weekday, hour, reports off', async () => {
    const wednesday = await backdated('Europe/London');
    const off = await backdated('Europe/London');
    await h.database.db.insert(notificationSettings).values([
      { clientId: wednesday.id, reportWeekday: 3, reportHour: 17 },
      { clientId: off.id, reportsEnabled: false },
    ]);
    await plan('2026-04-01T15:59:00Z'); // Wed 16:59 BST
    expect(await plannedWeeks(wednesday.id)).toEqual([]);
    await plan('2026-04-01T16:00:00Z'); // Wed 17:00 BST
    expect(await plannedWeeks(wednesday.id)).toEqual(['2026-W13']);
    expect(await plannedWeeks(off.id)).toEqual([]);
  });

  it('skips a client created after the reported week ended', async () => {
    const fresh = await backdated('Europe/London', new Date('2026-03-31T09:00:00Z'));
    await plan('2026-04-01T12:00:00Z');
    expect(await plannedWeeks(fresh.id)).toEqual([]);
    await plan('2026-04-06T07:00:00Z');
    expect(await plannedWeeks(fresh.id)).toEqual(['2026-W14']);
  });

  it('enqueues nothing when WEEKLY_REPORTS_ENABLED is false', async () => {
    await backdated('Europe/London');
    h.deps.reports.enabled = false;
    const result = await plan('2026-04-01T12:00:00Z');
    expect(result).toEqual({ enabled: false, clients: 0, due: [] });
    expect(await h.queues.weeklyReports.count()).toBe(0);
  });
});
