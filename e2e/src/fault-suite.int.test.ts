import { waitFor } from '@outreach/testing';
import { startFullPlatform, type FullPlatform } from './support/full-platform';
import { runFaultScenario, type ScenarioReport } from './support/fault-scenario';

jest.setTimeout(420_000);

/**
 * The fault suite: a campaign of 100 leads goes invite → acceptance → message → (reply | follow-up)
 * through real processes while (a) outbound-senders are SIGKILLed every few seconds, (b) the
 * reply-matcher is SIGKILLed while deliveries are in flight, (c) Redis is killed and restarted from
 * its AOF, (d) Postgres is stopped for 10 s while replies arrive. Redis and Postgres are the test's
 * own. The verdict comes from the sandbox's record of what reached LinkedIn.
 */
describe('the platform under faults', () => {
  let p: FullPlatform;
  let report: ScenarioReport;
  beforeAll(async () => {
    p = await startFullPlatform();
  });
  afterAll(async () => {
    await p?.close();
  });

  it('sends every lead exactly one invite and one message, records every reply once, sends nothing after a reply, and recovers alone', async () => {
    report = await runFaultScenario(p, {
      leads: 100,
      repliers: 40,
      senders: 2,
      senderKillEveryMs: 3000,
      postgresDownMs: 10_000,
      timeoutMs: 300_000,
    });

    expect(report.faults).toMatchObject({ senderKills: expect.any(Number), matcherKills: 1, redisRestarts: 1, postgresStops: 1 });
    expect(report.faults.senderKills).toBeGreaterThanOrEqual(5);
    expect(report.violations).toEqual([]);
    expect(report.counts).toEqual({
      invites: 100,
      firstMessages: 100,
      followUps: 60,
      repliesRecorded: 40,
      responded: 40,
      lost: 0,
      duplicated: 0,
    });
    // Nothing left half-done: no claim stuck in `sending`, every lead in a final state.
    await waitFor(
      async () => (await p.database.sql`select count(*)::int as n from outbound_actions where status in ('queued', 'sending')`)[0]?.n === 0,
      {
        what: 'no action left queued or sending',
        timeoutMs: 30_000,
      },
    );
  });
});
