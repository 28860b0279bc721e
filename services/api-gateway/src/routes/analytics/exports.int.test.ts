import { events } from '@outreach/db';
import { insertLead, insertTenant } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const text = async (path: string, token: string) => {
  const res = await fetch(`${g.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};

describe('campaign CSV exports', () => {
  it('neutralises a lead named =HYPERLINK(…) and exports the events oldest first', async () => {
    const t = await insertTenant(g.database.db);
    const lead = await insertLead(g.database.db, t.campaign, {
      firstName: '=HYPERLINK("http://evil.example","x")',
      lastName: '+SUM(A1)',
      company: 'Acme, Inc.',
    });
    await g.database.db.insert(events).values([
      {
        clientId: t.client.id,
        campaignId: t.campaign.id,
        leadId: lead.id,
        linkedinAccountId: t.account.id,
        type: 'message_sent',
        occurredAt: new Date('2026-03-02T10:00:00Z'),
        meta: { step: 1 },
      },
      {
        clientId: t.client.id,
        campaignId: t.campaign.id,
        leadId: lead.id,
        linkedinAccountId: t.account.id,
        type: 'connection_request_sent',
        occurredAt: new Date('2026-03-01T10:00:00Z'),
      },
    ]);
    const viewer = await g.createUser('viewer', t.client.id);
    const leads = await text(`/api/campaigns/${t.campaign.id}/leads.csv`, viewer.token);
    expect(leads.status).toBe(200);
    expect(leads.type).toMatch(/^text\/csv/);
    const [header, row] = leads.body.trim().split('\n');
    expect(header).toBe(
      'id,first_name,last_name,company,title,profile_url,status,current_step,invite_sent_at,connected_at,replied_at,created_at',
    );
    expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",'+SUM(A1),"Acme, Inc.",`);
    const evs = await text(`/api/campaigns/${t.campaign.id}/events.csv`, viewer.token);
    expect(
      evs.body
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(1, 3).join(',')),
    ).toEqual(['2026-03-01T10:00:00.000Z,connection_request_sent', '2026-03-02T10:00:00.000Z,message_sent']);
  });

  it("answers 404 for another client's campaign", async () => {
    const mine = await insertTenant(g.database.db);
    const theirs = await insertTenant(g.database.db);
    const agent = await g.createUser('agent', theirs.client.id);
    expect((await text(`/api/campaigns/${mine.campaign.id}/leads.csv`, agent.token)).status).toBe(404);
    expect((await text(`/api/campaigns/${mine.campaign.id}/events.csv`, agent.token)).status).toBe(404);
  });
});
