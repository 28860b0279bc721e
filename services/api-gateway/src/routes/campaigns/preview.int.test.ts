import { insertAccount, insertCampaign, insertClient, insertLead } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

async function tenant() {
  const client = await insertClient(g.database.db);
  const account = await insertAccount(g.database.db, client.id, { name: 'Sam Sender' });
  const campaign = await insertCampaign(g.database.db, client.id, account.id, { name: 'Q3 founders', customFields: ['industry'] });
  const lead = await insertLead(g.database.db, campaign, {
    firstName: 'Ann',
    lastName: 'Lee',
    company: 'Acme',
    title: null,
    customFields: { industry: 'Retail' },
  });
  const agent = await g.createUser('agent', client.id);
  const viewer = await g.createUser('viewer', client.id);
  return { client, account, campaign, lead, agent, viewer };
}

const preview = (campaignId: string, token: string, body: unknown) =>
  g.call('POST', `/api/campaigns/${campaignId}/preview`, { token, body });

describe('POST /api/campaigns/{id}/preview', () => {
  it("renders a template from the lead's own values, the campaign and its sender, as the sender would", async () => {
    const t = await tenant();
    const res = await preview(t.campaign.id, t.agent.token, {
      lead_id: t.lead.id,
      template: 'Hi {{first_name}} ({{full_name}}) in {{industry}} — {{campaign_name}}, {{sender_first_name}}',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ok: true,
      action: 'message',
      text: 'Hi Ann (Ann Lee) in Retail — Q3 founders, Sam',
      missing: [],
      error: null,
      problems: [],
    });
    expect(res.body.segments[1]).toEqual({ kind: 'value', text: 'Ann', variable: 'first_name' });
  });

  it('names a missing variable instead of guessing it, and uses a fallback only where the template gives one', async () => {
    const t = await tenant();
    const res = await preview(t.campaign.id, t.agent.token, {
      lead_id: t.lead.id,
      template: 'Hi {{first_name}}, {{title}} at {{company|your team}}',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, text: null, missing: ['title'], error: { code: 'missing_variable' } });
    expect(res.body.segments).toContainEqual({ kind: 'missing', text: '', variable: 'title' });
    expect(res.body.segments).toContainEqual({ kind: 'value', text: 'Acme', variable: 'company' });
  });

  it('holds an invite note to 300 characters after rendering and reports template problems a save would reject', async () => {
    const t = await tenant();
    const long = await preview(t.campaign.id, t.agent.token, {
      lead_id: t.lead.id,
      action: 'invite',
      template: `{{first_name}} ${'x'.repeat(299)}`,
    });
    expect(long.body).toMatchObject({ ok: false, error: { code: 'note_too_long' } });
    const unknown = await preview(t.campaign.id, t.agent.token, { lead_id: t.lead.id, template: 'Hi {{frist_name|there}}' });
    expect(unknown.body.problems).toEqual([
      { code: 'unknown_variable', variable: 'frist_name', message: 'unknown variable {{frist_name}}' },
    ]);
  });

  it("answers 404 for another client's campaign and for a lead of another campaign", async () => {
    const t = await tenant();
    const other = await tenant();
    expect((await preview(other.campaign.id, t.agent.token, { lead_id: other.lead.id, template: 'Hi' })).status).toBe(404);
    const res = await preview(t.campaign.id, t.agent.token, { lead_id: other.lead.id, template: 'Hi' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('lead_id');
  });

  it('names every bad field, is refused to viewers (it belongs to the steps editor) and needs a token', async () => {
    const t = await tenant();
    const bad = await preview(t.campaign.id, t.agent.token, { lead_id: 'nope', template: 'x'.repeat(8001), action: 'poke', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['action', 'extra', 'lead_id', 'template']);
    const viewer = await preview(t.campaign.id, t.viewer.token, { lead_id: t.lead.id, template: 'Hi' });
    expect(viewer.status).toBe(403);
    const anonymous = await g.call('POST', `/api/campaigns/${t.campaign.id}/preview`, { body: { lead_id: t.lead.id, template: 'Hi' } });
    expect(anonymous.status).toBe(401);
  });
});
