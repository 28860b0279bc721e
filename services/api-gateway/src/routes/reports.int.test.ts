import { events } from '@outreach/db';
import { previousIsoWeek } from '@outreach/reports';
import { insertAccount, insertCampaign, insertClient, insertLead } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

/** A London client with two invites and one reply in 2026-W10 (Mon 2 – Sun 8 March, GMT), and one invite the week after. */
async function londonTenant() {
  const client = await insertClient(g.database.db, { name: 'Acme & Sons', timezone: 'Europe/London', reportEmails: ['boss@acme.example'] });
  const account = await insertAccount(g.database.db, client.id);
  const campaign = await insertCampaign(g.database.db, client.id, account.id);
  const [jane, john] = [await insertLead(g.database.db, campaign), await insertLead(g.database.db, campaign)];
  const base = { clientId: client.id, campaignId: campaign.id, linkedinAccountId: account.id };
  await g.database.db.insert(events).values([
    { ...base, leadId: jane!.id, type: 'connection_request_sent', occurredAt: new Date('2026-03-02T09:00:00Z') },
    { ...base, leadId: john!.id, type: 'connection_request_sent', occurredAt: new Date('2026-03-03T09:00:00Z') },
    { ...base, leadId: jane!.id, type: 'message_received', externalId: `msg-${jane!.id}`, occurredAt: new Date('2026-03-04T10:00:00Z') },
    { ...base, leadId: john!.id, type: 'connection_request_sent', occurredAt: new Date('2026-03-09T00:00:00Z') },
  ]);
  return { client };
}

describe('GET /api/clients/{id}/reports/preview', () => {
  it("renders the week's report without sending it", async () => {
    const { client } = await londonTenant();
    const viewer = await g.createUser('viewer', client.id);
    const res = await g.call('GET', `/api/clients/${client.id}/reports/preview?week=2026-W10`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      week: '2026-W10',
      range: { start: '2026-03-02T00:00:00.000Z', end: '2026-03-09T00:00:00.000Z' },
      subject: expect.any(String),
      html: expect.stringContaining('Acme &amp; Sons'),
      text: expect.stringContaining('Acme & Sons'),
      report: { week: '2026-W10', client: { id: client.id, timezone: 'Europe/London' } },
    });
    expect(res.body.report.totals).toMatchObject({ invitesSent: 2, replies: 1 });
    expect(res.body.html).not.toMatch(/unsubscribe\?token=/i);
  });

  it("covers the previous week in the client's time zone when no week is given", async () => {
    const client = await insertClient(g.database.db, { timezone: 'Pacific/Auckland' });
    const agent = await g.createUser('agent', client.id);
    const before = previousIsoWeek(new Date(), client.timezone);
    const res = await g.call('GET', `/api/clients/${client.id}/reports/preview`, { token: agent.token });
    const after = previousIsoWeek(new Date(), client.timezone);
    expect(res.status).toBe(200);
    expect([before, after]).toContain(res.body.week);
    expect(res.body.report.totals.invitesSent).toBe(0);
  });

  it('answers 400 naming week when it is malformed or does not exist', async () => {
    const { client } = await londonTenant();
    const agent = await g.createUser('agent', client.id);
    for (const week of ['2026-10', '2026-W1', '2025-W53', 'last']) {
      const res = await g.call('GET', `/api/clients/${client.id}/reports/preview?week=${week}`, { token: agent.token });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ location: 'query', path: 'week' })]);
    }
  });

  it("answers 404 to another client's agent", async () => {
    const { client } = await londonTenant();
    const outsider = await g.createUser('agent', (await insertClient(g.database.db)).id);
    const res = await g.call('GET', `/api/clients/${client.id}/reports/preview?week=2026-W10`, { token: outsider.token });
    expect(res.status).toBe(404);
  });
});
