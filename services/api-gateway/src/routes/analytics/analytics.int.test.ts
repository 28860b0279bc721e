import { events, rollupEventsBatch, type EventType } from '@outreach/db';
import { insertCampaign, insertLead, insertTenant } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';
import { csvCell } from './index';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

type Tenant = Awaited<ReturnType<typeof insertTenant>>;
const HOUR = 3_600_000;

async function addEvent(
  t: Tenant,
  campaignId: string,
  leadId: string | null,
  type: EventType,
  at: string | Date,
  meta: Record<string, unknown> = {},
) {
  await g.database.db.insert(events).values({
    clientId: t.client.id,
    campaignId,
    linkedinAccountId: t.account.id,
    leadId,
    type,
    occurredAt: new Date(at),
    externalId: `${type}-${String(at)}-${leadId}`,
    meta,
  });
}

/** Counts every event written so far into the rollups (what the reporter's worker does every 30 s). */
async function rollUp(): Promise<void> {
  while ((await rollupEventsBatch(g.database.db, 50_000)).events === 50_000);
}

describe('/api/analytics/campaigns/{id}', () => {
  it('buckets local days across a 23-hour DST day in America/New_York and in a +05:30 zone', async () => {
    const t = await insertTenant(g.database.db);
    const c = await insertCampaign(g.database.db, t.client.id, t.account.id, { timezone: 'America/New_York' });
    const lead = await insertLead(g.database.db, c);
    for (const at of [
      '2026-03-08T06:30:00Z',
      '2026-03-09T03:59:00Z',
      '2026-03-09T04:00:00Z',
      '2026-03-08T18:29:00Z',
      '2026-03-08T18:30:00Z',
    ]) {
      await addEvent(t, c.id, lead.id, 'connection_request_sent', at);
    }
    await rollUp();
    const admin = await g.createUser('admin', null);
    const ny = await g.call('GET', `/api/analytics/campaigns/${c.id}/timeseries?from=2026-03-07&to=2026-03-09`, { token: admin.token });
    expect(ny.status).toBe(200);
    expect(ny.body).toMatchObject({ tz: 'America/New_York', lo: '2026-03-07T05:00:00.000Z', hi: '2026-03-10T04:00:00.000Z' });
    expect(ny.body.points.map((p: { bucket: string; invites_sent: number }) => [p.bucket, p.invites_sent])).toEqual([
      ['2026-03-07', 0],
      ['2026-03-08', 4],
      ['2026-03-09', 1],
    ]);
    expect((Date.parse(ny.body.points[1].end) - Date.parse(ny.body.points[1].start)) / HOUR).toBe(23);
    const kolkata = await g.call('GET', `/api/analytics/campaigns/${c.id}/timeseries?from=2026-03-08&to=2026-03-09&tz=Asia/Kolkata`, {
      token: admin.token,
    });
    expect(kolkata.body.points.map((p: { invites_sent: number }) => p.invites_sent)).toEqual([2, 3]);
    const hours = await g.call(
      'GET',
      `/api/analytics/campaigns/${c.id}/timeseries?from=2026-03-09&to=2026-03-09&tz=Asia/Kolkata&interval=hour`,
      { token: admin.token },
    );
    expect(hours.body.points).toHaveLength(24);
    expect(hours.body.points[0]).toMatchObject({ bucket: '2026-03-09T00:00+05:30', invites_sent: 1 });
    const csv = await fetch(`${g.url}/api/analytics/campaigns/${c.id}/timeseries.csv?from=2026-03-07&to=2026-03-09`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect((await csv.text()).split('\n')[2]).toBe('2026-03-08,2026-03-08T05:00:00.000Z,2026-03-09T04:00:00.000Z,4,0,0,0');
  });

  it('gives TTFR p50 5.5 h and p90 9.1 h on gaps of 1…10 h, credits steps, and counts a reply before any message', async () => {
    const t = await insertTenant(g.database.db);
    const base = Date.parse('2026-04-06T09:00:00Z');
    for (let k = 1; k <= 10; k++) {
      const lead = await insertLead(g.database.db, t.campaign);
      await addEvent(t, t.campaign.id, lead.id, 'connection_request_sent', new Date(base - 48 * HOUR));
      await addEvent(t, t.campaign.id, lead.id, 'message_sent', new Date(base), { step: 1 });
      if (k === 10) await addEvent(t, t.campaign.id, lead.id, 'message_sent', new Date(base + HOUR), { step: 'manual', origin: 'inbox' });
      await addEvent(t, t.campaign.id, lead.id, 'message_received', new Date(base + k * HOUR));
      // Not replies: what a read receipt or a status change leaves behind is never `message_received`.
      await addEvent(t, t.campaign.id, lead.id, 'lead_status_changed', new Date(base + k * HOUR), { to: 'responded' });
    }
    const early = await insertLead(g.database.db, t.campaign);
    await addEvent(t, t.campaign.id, early.id, 'message_received', new Date(base + HOUR));
    await rollUp();
    const viewer = await g.createUser('viewer', t.client.id);
    const res = await g.call('GET', `/api/analytics/campaigns/${t.campaign.id}/replies?from=2026-04-01&to=2026-04-10&tz=UTC`, {
      token: viewer.token,
    });
    expect(res.status).toBe(200);
    const ttfr = res.body.time_to_first_reply;
    expect(ttfr.from_first_message.n).toBe(10);
    expect(ttfr.from_first_message.p50_hours).toBeCloseTo(5.5, 9);
    expect(ttfr.from_first_message.p90_hours).toBeCloseTo(9.1, 9);
    expect(ttfr.from_invite.p50_hours).toBeCloseTo(53.5, 9);
    expect(ttfr.replied_before_first_message).toBe(1);
    expect(res.body.by_step).toEqual([
      { step: '0', replies: 0, rate: { num: 0, den: 10, den_name: 'leads_touched_at_step', value: 0 } },
      { step: '1', replies: 9, rate: { num: 9, den: 10, den_name: 'leads_touched_at_step', value: 0.9 } },
      { step: 'manual', replies: 1, rate: { num: 1, den: 1, den_name: 'leads_touched_at_step', value: 1 } },
      { step: 'none', replies: 1, rate: { num: 1, den: 0, den_name: 'leads_touched_at_step', value: null } },
    ]);

    const summary = await g.call('GET', `/api/analytics/campaigns/${t.campaign.id}/summary?from=2026-04-01&to=2026-04-10&tz=UTC`, {
      token: viewer.token,
    });
    expect(summary.body.totals).toMatchObject({ invites_sent: 10, messages_sent: 11, replies: 11, leads_replied: 11, leads_contacted: 10 });
    expect(summary.body.reply_rate).toEqual({ num: 11, den: 10, den_name: 'leads_contacted', value: 1.1 });
    expect(summary.body.snapshot.by_status).toEqual({ invite_sent: 11 });
    expect(summary.body.last_7_days.map((d: { date: string }) => d.date)).toEqual([
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
      '2026-04-07',
      '2026-04-08',
      '2026-04-09',
      '2026-04-10',
    ]);

    // Re-ingesting the same events changes nothing: the rollup already counted them, and the duplicate reply is refused.
    await rollUp();
    const again = await g.call('GET', `/api/analytics/campaigns/${t.campaign.id}/summary?from=2026-04-01&to=2026-04-10&tz=UTC`, {
      token: viewer.token,
    });
    expect(again.body.totals).toEqual(summary.body.totals);
  });

  it('gives the hand-computed cohort and activity acceptance on a two-week fixture', async () => {
    const t = await insertTenant(g.database.db);
    const [l1, l2, l3, l4, l5] = await Promise.all([1, 2, 3, 4, 5].map(() => insertLead(g.database.db, t.campaign)));
    const c = t.campaign.id;
    await addEvent(t, c, l1!.id, 'connection_request_sent', '2026-03-03T10:00:00Z');
    await addEvent(t, c, l1!.id, 'connection_accepted', '2026-03-10T10:00:00Z');
    await addEvent(t, c, l1!.id, 'message_received', '2026-03-11T10:00:00Z');
    await addEvent(t, c, l2!.id, 'connection_request_sent', '2026-03-10T10:00:00Z');
    await addEvent(t, c, l2!.id, 'connection_accepted', '2026-03-12T10:00:00Z');
    await addEvent(t, c, l3!.id, 'connection_request_sent', '2026-03-11T10:00:00Z');
    await addEvent(t, c, l4!.id, 'connection_request_sent', '2026-03-12T10:00:00Z');
    await addEvent(t, c, l4!.id, 'connection_accepted', '2026-03-17T10:00:00Z');
    await addEvent(t, c, l5!.id, 'connection_accepted_historical', '2026-03-01T10:00:00Z');
    await addEvent(t, c, l5!.id, 'message_sent', '2026-03-10T10:00:00Z', { step: 1 });
    await rollUp();
    const agent = await g.createUser('agent', t.client.id);
    const q = 'from=2026-03-09&to=2026-03-15&tz=UTC';
    const cohort = await g.call('GET', `/api/analytics/campaigns/${c}/funnel?${q}&mode=cohort`, { token: agent.token });
    expect(cohort.body.stages).toEqual({ invited: 3, already_connected: 1, accepted: 2, messaged: 1, replied: 0 });
    expect(cohort.body.rates.acceptance).toEqual({ num: 2, den: 3, den_name: 'cohort_invited', value: 2 / 3 });
    const activity = await g.call('GET', `/api/analytics/campaigns/${c}/funnel?${q}&mode=activity`, { token: agent.token });
    expect(activity.body).toMatchObject({ mode: 'activity', stages: { invited: 3, accepted: 2, messaged: 1, replied: 1 }, rates: null });
  });

  it("answers 404 for another client's campaign, to its users and its API keys, and 400 naming a bad window", async () => {
    const mine = await insertTenant(g.database.db);
    const theirs = await insertTenant(g.database.db);
    const agent = await g.createUser('agent', theirs.client.id);
    const key = await g.call('POST', `/api/clients/${theirs.client.id}/api-keys`, { token: agent.token, body: { name: 'CRM' } });
    for (const path of ['summary', 'timeseries', 'timeseries.csv', 'replies', 'funnel']) {
      expect((await g.call('GET', `/api/analytics/campaigns/${mine.campaign.id}/${path}`, { token: agent.token })).status).toBe(404);
      expect((await g.call('GET', `/api/analytics/campaigns/${mine.campaign.id}/${path}`, { apiKey: key.body.key })).status).toBe(404);
      expect((await g.call('GET', `/api/analytics/campaigns/${mine.campaign.id}/${path}`)).status).toBe(401);
    }
    expect((await g.call('GET', `/api/analytics/campaigns/${theirs.campaign.id}/summary`, { apiKey: key.body.key })).status).toBe(200);
    const bad = await g.call('GET', `/api/analytics/campaigns/${theirs.campaign.id}/summary?from=2026-02-30&tz=Mars/Olympus`, {
      token: agent.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/query\.from: must be a local date/);
    expect(bad.body.error.message).toMatch(/query\.tz/);
  });

  it('lists every analytics route in /openapi.json with its response schema', async () => {
    const doc = (await g.call('GET', '/openapi.json')).body;
    for (const p of ['summary', 'timeseries', 'replies', 'funnel']) {
      expect(doc.paths[`/api/analytics/campaigns/{id}/${p}`].get.responses['200'].content['application/json'].schema).toBeDefined();
    }
  });
});

describe('csvCell', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(['+1', '-1', '@a', '\tx', '\rx'].map(csvCell)).toEqual(["'+1", "'-1", "'@a", "'\tx", `"'\rx"`]);
    expect(csvCell(12)).toBe('12');
  });
});
