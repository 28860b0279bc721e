import { events, insertEvent, leads, outboundActions } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertLead } from '@outreach/testing';
import { csv, leadTenant, storedLeads, type LeadTenant } from '../../test-support/leads';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
let t: LeadTenant;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});
beforeEach(async () => {
  t = await leadTenant(g);
});

const readLead = async (id: string) => (await g.database.db.select().from(leads).where(eq(leads.id, id)))[0];

describe('GET /api/campaigns/:id/leads', () => {
  it('pages through leads imported together (one created_at to the microsecond) without losing or repeating one', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => `P,${i},,,linkedin.com/in/person-${i}`);
    await g.call('POST', `/api/campaigns/${t.campaign.id}/leads/import`, { token: t.agent.token, raw: csv(rows) });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: Array<{ id: string }>; next_cursor: string | null } } = await g.call(
        'GET',
        `/api/campaigns/${t.campaign.id}/leads?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: t.viewer.token },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((l) => l.id));
      cursor = res.body.next_cursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
  });

  it('filters by status and shows the lead fields in snake_case', async () => {
    await insertLead(g.database.db, t.campaign, { status: 'error', errorCode: 'unipile_500', publicIdentifier: 'ana' });
    await insertLead(g.database.db, t.campaign, { status: 'invite_sent' });
    const res = await g.call('GET', `/api/campaigns/${t.campaign.id}/leads?status=error`, { token: t.agent.token });
    expect(res.body.items).toEqual([
      expect.objectContaining({
        status: 'error',
        error_code: 'unipile_500',
        public_identifier: 'ana',
        campaign_id: t.campaign.id,
        custom_fields: {},
      }),
    ]);
    expect(res.body.next_cursor).toBeNull();
  });

  it('searches names, company, title and public identifier in any case, wildcards taken literally', async () => {
    const campaign = t.campaign;
    await insertLead(g.database.db, campaign, {
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Analytical Engines',
      publicIdentifier: 'ada-l',
    });
    await insertLead(g.database.db, campaign, {
      firstName: 'Alan',
      lastName: 'Turing',
      company: '100% Bletchley',
      publicIdentifier: 'alan-t',
    });
    const search = async (text: string) =>
      (
        (await g.call('GET', `/api/campaigns/${campaign.id}/leads?search=${encodeURIComponent(text)}`, { token: t.viewer.token })).body
          .items as Array<{ last_name: string }>
      )
        .map((l) => l.last_name)
        .sort();
    expect(await search('ada lovelace')).toEqual(['Lovelace']);
    expect(await search('ENGINES')).toEqual(['Lovelace']);
    expect(await search('alan-t')).toEqual(['Turing']);
    expect(await search('100%')).toEqual(['Turing']);
    expect(await search('%')).toEqual(['Turing']);
    expect(await search('_')).toEqual([]);
  });

  it('answers 400 for an unknown status, a forged cursor and a bad limit', async () => {
    const res = await g.call('GET', `/api/campaigns/${t.campaign.id}/leads?status=happy&limit=0`, { token: t.agent.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['limit', 'status']);
    expect((await g.call('GET', `/api/campaigns/${t.campaign.id}/leads?cursor=abc`, { token: t.agent.token })).status).toBe(400);
  });

  it("answers 404 to another client's user", async () => {
    await insertLead(g.database.db, t.campaign);
    expect((await g.call('GET', `/api/campaigns/${t.campaign.id}/leads`, { token: t.stranger.token })).status).toBe(404);
  });
});

describe('GET /api/leads/:id', () => {
  it('includes its events, newest first', async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    const base = { clientId: t.client.id, campaignId: t.campaign.id, leadId: lead.id, linkedinAccountId: t.account.id };
    await insertEvent(g.database.db, {
      ...base,
      type: 'connection_request_sent',
      occurredAt: new Date('2025-01-01T10:00:00Z'),
      meta: { step: 0 },
    });
    await insertEvent(g.database.db, {
      ...base,
      type: 'connection_accepted',
      occurredAt: new Date('2025-01-02T10:00:00Z'),
      meta: { detection: 'webhook' },
    });
    const res = await g.call('GET', `/api/leads/${lead.id}`, { token: t.viewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: lead.id, first_name: 'Jane', status: 'invite_sent' });
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['connection_accepted', 'connection_request_sent']);
    expect(res.body.events[0]).toMatchObject({ occurred_at: '2025-01-02T10:00:00.000Z', meta: { detection: 'webhook' } });
  });

  it("answers 404 to another client's user and 400 for a bad id", async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    expect((await g.call('GET', `/api/leads/${lead.id}`, { token: t.stranger.token })).status).toBe(404);
    expect((await g.call('GET', '/api/leads/123', { token: t.agent.token })).status).toBe(400);
  });
});

describe('PATCH /api/leads/:id', () => {
  it('changes names, company, title and custom fields', async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    const res = await g.call('PATCH', `/api/leads/${lead.id}`, {
      token: t.agent.token,
      body: { first_name: 'Janet', company: 'Acme', title: null, custom_fields: { industry: 'Retail' } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      first_name: 'Janet',
      last_name: lead.lastName,
      company: 'Acme',
      title: null,
      custom_fields: { industry: 'Retail' },
      status: 'invite_sent',
    });
  });

  it('opts a lead out: skipped, unscheduled, queued sends cancelled, one event', async () => {
    const lead = await insertLead(g.database.db, t.campaign, { status: 'connected', nextActionAt: new Date() });
    await g.database.db.insert(outboundActions).values({
      clientId: t.client.id,
      campaignId: t.campaign.id,
      leadId: lead.id,
      linkedinAccountId: t.account.id,
      step: 1,
      action: 'message',
      jobId: `send-${lead.id}`,
    });
    const res = await g.call('PATCH', `/api/leads/${lead.id}`, { token: t.agent.token, body: { status: 'skipped' } });
    expect(res.body).toMatchObject({ status: 'skipped', stop_reason: 'opted_out', next_action_at: null });
    const [action] = await g.database.db.select().from(outboundActions).where(eq(outboundActions.leadId, lead.id));
    expect(action).toMatchObject({ status: 'cancelled', errorCode: 'opted_out' });
    const history = await g.database.db.select().from(events).where(eq(events.leadId, lead.id));
    expect(history).toEqual([
      expect.objectContaining({
        type: 'lead_status_changed',
        meta: expect.objectContaining({ from: 'connected', to: 'skipped', method: 'api', user_id: t.agent.id }),
      }),
    ]);
  });

  it('retries a lead in error: back to pending_invite with its error cleared and due now', async () => {
    const lead = await insertLead(g.database.db, t.campaign, {
      status: 'error',
      errorCode: 'unipile_500',
      errorMessage: 'boom',
      retryCount: 3,
    });
    const res = await g.call('PATCH', `/api/leads/${lead.id}`, { token: t.agent.token, body: { status: 'pending_invite' } });
    expect(res.body).toMatchObject({ status: 'pending_invite', error_code: null, error_message: null, retry_count: 0 });
    expect(res.body.next_action_at).not.toBeNull();
  });

  it('refuses any other status change with a 400 naming status, changing nothing', async () => {
    const sent = await insertLead(g.database.db, t.campaign, { status: 'invite_sent' });
    const responded = await insertLead(g.database.db, t.campaign, { status: 'responded' });
    const cases: Array<[string, unknown]> = [
      [sent.id, { status: 'pending_invite' }],
      [sent.id, { status: 'connected' }],
      [responded.id, { status: 'skipped' }],
    ];
    for (const [id, body] of cases) {
      const res = await g.call('PATCH', `/api/leads/${id}`, { token: t.agent.token, body });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ location: 'body', path: 'status' })]);
    }
    expect((await readLead(sent.id))?.status).toBe('invite_sent');
    expect((await readLead(responded.id))?.status).toBe('responded');
  });

  it('rejects unknown fields and bad values, naming each', async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    const res = await g.call('PATCH', `/api/leads/${lead.id}`, {
      token: t.agent.token,
      body: { first_name: '', campaign_id: t.campaign.id },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['campaign_id', 'first_name']);
  });

  it("refuses viewers (403) and answers 404 to another client's user, changing nothing", async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    expect((await g.call('PATCH', `/api/leads/${lead.id}`, { token: t.viewer.token, body: { first_name: 'X' } })).status).toBe(403);
    expect((await g.call('PATCH', `/api/leads/${lead.id}`, { token: t.stranger.token, body: { status: 'skipped' } })).status).toBe(404);
    expect(await readLead(lead.id)).toMatchObject({ firstName: 'Jane', status: 'invite_sent' });
  });
});

describe('DELETE /api/leads/:id', () => {
  it('deletes a lead', async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    expect((await g.call('DELETE', `/api/leads/${lead.id}`, { token: t.agent.token })).status).toBe(204);
    expect((await g.call('GET', `/api/leads/${lead.id}`, { token: t.agent.token })).status).toBe(404);
    expect(await storedLeads(g, t.campaign.id)).toHaveLength(0);
  });

  it("refuses viewers (403) and answers 404 to another client's user, deleting nothing", async () => {
    const lead = await insertLead(g.database.db, t.campaign);
    expect((await g.call('DELETE', `/api/leads/${lead.id}`, { token: t.viewer.token })).status).toBe(403);
    expect((await g.call('DELETE', `/api/leads/${lead.id}`, { token: t.stranger.token })).status).toBe(404);
    expect(await readLead(lead.id)).toBeDefined();
  });
});
