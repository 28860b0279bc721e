import { campaigns, events, leads } from '@outreach/db';
import { asc, eq } from 'drizzle-orm';
import { insertAccount, insertClient, insertLead } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const inviteFirst = [
  { action: 'invite', template: 'Hi {{first_name}}' },
  { action: 'message', template: 'Thanks {{first_name}}' },
];

async function tenant() {
  const client = await insertClient(g.database.db);
  const account = await insertAccount(g.database.db, client.id);
  const agent = await g.createUser('agent', client.id);
  const viewer = await g.createUser('viewer', client.id);
  return { client, account, agent, viewer };
}

async function createCampaign(t: Awaited<ReturnType<typeof tenant>>, steps: unknown[] = inviteFirst) {
  const res = await g.call('POST', '/api/campaigns', {
    token: t.agent.token,
    body: { linkedin_account_id: t.account.id, name: 'Flow', steps },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as string, clientId: t.client.id };
}

const campaignEvents = (campaignId: string) =>
  g.database.db.select().from(events).where(eq(events.campaignId, campaignId)).orderBy(asc(events.id));

describe('campaign control and automation status', () => {
  it('runs a campaign through start, pause, resume and stop, with the status endpoint reflecting each step', async () => {
    const t = await tenant();
    const campaign = await createCampaign(t);
    const later = new Date(Date.now() + 86_400_000);
    const pending = [
      await insertLead(g.database.db, campaign, { status: 'pending_invite' }),
      await insertLead(g.database.db, campaign, { status: 'pending_invite' }),
    ];
    const connected = await insertLead(g.database.db, campaign, { status: 'connected', currentStep: 1 });
    const scheduled = await insertLead(g.database.db, campaign, { status: 'pending_invite', nextActionAt: later });
    await insertLead(g.database.db, campaign, { status: 'skipped' });
    const statusOf = async () => (await g.call('GET', `/api/automation/campaigns/${campaign.id}/status`, { token: t.viewer.token })).body;

    const draft = await statusOf();
    expect(draft).toMatchObject({
      campaign_id: campaign.id,
      status: 'draft',
      total: 5,
      next_actions: [{ lead_id: scheduled.id, step: 0, action: 'invite' }],
    });
    expect(draft.counts).toEqual({
      pending_invite: 3,
      invite_sent: 0,
      connected: 1,
      messaged: 0,
      responded: 0,
      completed: 0,
      error: 0,
      skipped: 1,
      withdrawn: 0,
    });

    const started = await g.call('POST', `/api/campaigns/${campaign.id}/start`, { token: t.agent.token });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: 'active', steps: [{ action: 'invite' }, { action: 'message' }] });
    expect(Date.parse(started.body.started_at)).toBeLessThanOrEqual(Date.now());
    const active = await statusOf();
    expect(active.status).toBe('active');
    const due = active.next_actions.map((a: { lead_id: string }) => a.lead_id);
    expect(due.slice(0, 3).sort()).toEqual([...pending.map((l) => l.id), connected.id].sort());
    expect(due[3]).toBe(scheduled.id);
    expect(active.next_actions.find((a: { lead_id: string }) => a.lead_id === connected.id)).toMatchObject({ step: 1, action: 'message' });
    const [kept] = await g.database.db.select().from(leads).where(eq(leads.id, scheduled.id));
    expect(kept!.nextActionAt).toEqual(later);

    // The sequencer (another issue) moves leads along; the status endpoint counts what it finds.
    await g.database.db.update(leads).set({ status: 'invite_sent', nextActionAt: null }).where(eq(leads.id, pending[0]!.id));
    expect((await statusOf()).counts).toMatchObject({ pending_invite: 2, invite_sent: 1 });

    const times = async () =>
      (
        await g.database.db
          .select({ id: leads.id, status: leads.status, at: leads.nextActionAt })
          .from(leads)
          .where(eq(leads.campaignId, campaign.id))
      ).filter((l) => l.status !== 'skipped');
    for (const [command, status] of [
      ['pause', 'paused'],
      ['resume', 'active'],
      ['stop', 'stopped'],
    ] as const) {
      const res = await g.call('POST', `/api/campaigns/${campaign.id}/${command}`, { token: t.agent.token });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(status);
      expect((await statusOf()).status).toBe(status);
      // A paused or stopped campaign's leads leave the sequencer's due scan; resume makes every one due again.
      const leadTimes = await times();
      if (command === 'resume') expect(leadTimes.every((l) => l.at !== null && l.at.getTime() <= Date.now())).toBe(true);
      else expect(leadTimes.every((l) => l.at === null)).toBe(true);
    }

    const written = await campaignEvents(campaign.id);
    expect(written.map((e) => e.type)).toEqual(['campaign_started', 'campaign_paused', 'campaign_resumed', 'campaign_stopped']);
    for (const e of written) {
      expect(e).toMatchObject({ clientId: t.client.id, linkedinAccountId: t.account.id, leadId: null, meta: { by_user_id: t.agent.id } });
    }
  });

  it('answers 409 naming the current status for a transition the state machine does not allow', async () => {
    const t = await tenant();
    const campaign = await createCampaign(t);
    const call = (command: string) => g.call('POST', `/api/campaigns/${campaign.id}/${command}`, { token: t.agent.token });

    for (const command of ['pause', 'resume', 'stop']) {
      const res = await call(command);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'conflict',
        message: `cannot ${command} a campaign that is draft`,
        details: { status: 'draft' },
      });
    }
    expect((await call('start')).status).toBe(200);
    expect((await call('start')).body.error.message).toBe('cannot start a campaign that is active');
    expect((await call('resume')).body.error.details).toEqual({ status: 'active' });
    expect((await call('stop')).status).toBe(200);
    for (const command of ['start', 'pause', 'resume', 'stop']) {
      const res = await call(command);
      expect([res.status, res.body.error.details.status]).toEqual([409, 'stopped']);
    }
    expect((await campaignEvents(campaign.id)).map((e) => e.type)).toEqual(['campaign_started', 'campaign_stopped']);
  });

  it('refuses to start a campaign without steps, changing nothing', async () => {
    const t = await tenant();
    const campaign = await createCampaign(t, []);
    const lead = await insertLead(g.database.db, campaign, { status: 'pending_invite' });
    const res = await g.call('POST', `/api/campaigns/${campaign.id}/start`, { token: t.agent.token });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/no steps/);
    const [row] = await g.database.db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(row).toMatchObject({ status: 'draft', startedAt: null });
    expect((await g.database.db.select().from(leads).where(eq(leads.id, lead.id)))[0]!.nextActionAt).toBeNull();
    expect(await campaignEvents(campaign.id)).toEqual([]);
  });

  it('lets exactly one of two concurrent start calls succeed', async () => {
    const t = await tenant();
    const campaign = await createCampaign(t);
    const results = await Promise.all([1, 2].map(() => g.call('POST', `/api/campaigns/${campaign.id}/start`, { token: t.agent.token })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await campaignEvents(campaign.id)).map((e) => e.type)).toEqual(['campaign_started']);
  });

  it('schedules connected leads when the first step is a message', async () => {
    const t = await tenant();
    const campaign = await createCampaign(t, [{ action: 'message', template: 'Hello {{first_name}}' }]);
    const lead = await insertLead(g.database.db, campaign, { status: 'connected' });
    await insertLead(g.database.db, campaign, { status: 'responded' });
    expect((await g.call('POST', `/api/campaigns/${campaign.id}/start`, { token: t.agent.token })).status).toBe(200);
    const status = await g.call('GET', `/api/automation/campaigns/${campaign.id}/status`, { token: t.agent.token });
    expect(status.body.next_actions).toEqual([{ lead_id: lead.id, step: 0, action: 'message', next_action_at: expect.any(String) }]);
  });

  it('lists the next 20 scheduled actions, soonest first', async () => {
    const t = await tenant();
    const campaign = await createCampaign(t);
    const base = Date.now() + 3_600_000;
    const inserted = [];
    for (let i = 24; i >= 0; i -= 1)
      inserted.push(await insertLead(g.database.db, campaign, { status: 'pending_invite', nextActionAt: new Date(base + i * 60_000) }));
    const res = await g.call('GET', `/api/automation/campaigns/${campaign.id}/status`, { token: t.agent.token });
    expect(res.body.total).toBe(25);
    const times = res.body.next_actions.map((a: { next_action_at: string }) => Date.parse(a.next_action_at));
    expect(times).toEqual([...Array(20).keys()].map((i) => base + i * 60_000));
  });

  it('keeps viewers from controlling campaigns but lets them read the status', async () => {
    const t = await tenant();
    const campaign = await createCampaign(t);
    for (const command of ['start', 'pause', 'resume', 'stop']) {
      expect((await g.call('POST', `/api/campaigns/${campaign.id}/${command}`, { token: t.viewer.token })).status).toBe(403);
    }
    expect((await g.call('GET', `/api/automation/campaigns/${campaign.id}/status`, { token: t.viewer.token })).status).toBe(200);
    expect((await g.call('GET', `/api/automation/campaigns/${campaign.id}/status`)).status).toBe(401);
    expect((await g.database.db.select().from(campaigns).where(eq(campaigns.id, campaign.id)))[0]!.status).toBe('draft');
  });

  it("answers 404 to another client's users on every control and status route, and changes nothing", async () => {
    const t = await tenant();
    const other = await tenant();
    const campaign = await createCampaign(t);
    const lead = await insertLead(g.database.db, campaign, { status: 'pending_invite' });
    for (const command of ['start', 'pause', 'resume', 'stop']) {
      const res = await g.call('POST', `/api/campaigns/${campaign.id}/${command}`, { token: other.agent.token });
      expect([command, res.status]).toEqual([command, 404]);
    }
    expect((await g.call('GET', `/api/automation/campaigns/${campaign.id}/status`, { token: other.viewer.token })).status).toBe(404);
    expect((await g.database.db.select().from(campaigns).where(eq(campaigns.id, campaign.id)))[0]!.status).toBe('draft');
    expect((await g.database.db.select().from(leads).where(eq(leads.id, lead.id)))[0]!.nextActionAt).toBeNull();
    expect(await campaignEvents(campaign.id)).toEqual([]);
    const admin = await g.createUser('admin', null);
    expect((await g.call('POST', `/api/campaigns/${campaign.id}/start`, { token: admin.token })).status).toBe(200);
  });

  it('answers 400 naming id when it is not a UUID', async () => {
    const t = await tenant();
    const control = await g.call('POST', '/api/campaigns/abc/start', { token: t.agent.token });
    const status = await g.call('GET', '/api/automation/campaigns/abc/status', { token: t.agent.token });
    for (const res of [control, status]) {
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ location: 'params', path: 'id' })]);
    }
  });
});
