import { campaigns, sequenceSteps } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertAccount, insertClient } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const paths = (res: { body: any }): string[] => res.body.error.details.map((d: { path: string }) => d.path);
const messageAt = (res: { body: any }, path: string): string =>
  res.body.error.details.find((d: { path: string }) => d.path === path)?.message;

/** A client with one LinkedIn account and users of every role. */
async function tenant(accountTimezone = 'Europe/Paris') {
  const client = await insertClient(g.database.db);
  const account = await insertAccount(g.database.db, client.id, { timezone: accountTimezone });
  const agent = await g.createUser('agent', client.id);
  const viewer = await g.createUser('viewer', client.id);
  return { client, account, agent, viewer };
}

const sequence = [
  { action: 'invite', template: 'Hi {{first_name}}, glad to connect.', accept_timeout_days: 14 },
  { action: 'message', template: 'Thanks {{first_name|there}} for connecting.' },
  { action: 'message', template: 'How is {{company}} doing?', delay: { minutes: 90 } },
  { action: 'message', template: 'Last note, {{first_name}}.' },
];

describe('/api/campaigns', () => {
  it('creates a draft with defaults: the account time zone, Mon–Fri 09:00–17:00, delays 0/3/6/9 by position', async () => {
    const t = await tenant();
    const res = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'Q3 founders', steps: sequence },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      client_id: t.client.id,
      linkedin_account_id: t.account.id,
      name: 'Q3 founders',
      status: 'draft',
      timezone: 'Europe/Paris',
      working_days: [1, 2, 3, 4, 5],
      working_hours: { start: '09:00', end: '17:00' },
      holidays: [],
      message_first_degree: true,
      started_at: null,
    });
    expect(res.body.steps).toEqual([
      { action: 'invite', template: sequence[0]!.template, delay: { working_days: 0 }, accept_timeout_days: 14 },
      { action: 'message', template: sequence[1]!.template, delay: { working_days: 3 } },
      { action: 'message', template: sequence[2]!.template, delay: { minutes: 90 } },
      { action: 'message', template: sequence[3]!.template, delay: { working_days: 9 } },
    ]);
    const stored = await g.database.db.select().from(sequenceSteps).where(eq(sequenceSteps.campaignId, res.body.id));
    expect(stored.map((s) => s.position).sort()).toEqual([0, 1, 2, 3]);
    expect((await g.call('GET', `/api/campaigns/${res.body.id}`, { token: t.viewer.token })).body).toEqual(res.body);
  });

  it('stores every field given, with UTC when the account has no zone of its own', async () => {
    const t = await tenant('UTC');
    const body = {
      linkedin_account_id: t.account.id,
      name: 'Weekend crew',
      timezone: 'America/New_York',
      working_days: [6, 7],
      working_hours: { start: '10:30', end: '14:00' },
      holidays: ['2025-12-25', '2024-02-29'],
      message_first_degree: false,
      steps: [{ action: 'message', template: 'Hello {{first_name}}', delay: { working_days: 1 } }],
    };
    const res = await g.call('POST', '/api/campaigns', { token: t.agent.token, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, holidays: ['2024-02-29', '2025-12-25'] });
    const noZone = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'Plain' },
    });
    expect(noZone.body).toMatchObject({ timezone: 'UTC', steps: [] });
  });

  it('accepts custom fields the campaign declares, stores them, and rejects unknown variables by name', async () => {
    const t = await tenant();
    const step = { action: 'message', template: 'About {{Deal_Size}} at {{company}} and {{mystery}}' };
    const rejected = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'C', steps: [step] },
    });
    expect(rejected.status).toBe(400);
    expect(paths(rejected)).toEqual(['steps.0.template', 'steps.0.template']);
    expect(rejected.body.error.message).toContain('{{deal_size}}');
    expect(rejected.body.error.message).toContain('{{mystery}}');

    const accepted = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'C', custom_fields: ['deal_size', 'mystery'], steps: [step] },
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.custom_fields).toEqual(['deal_size', 'mystery']);

    // Later PATCHes check templates against the stored fields…
    const later = await g.call('PATCH', `/api/campaigns/${accepted.body.id}`, {
      token: t.agent.token,
      body: { steps: [{ action: 'message', template: 'Re {{mystery}}' }] },
    });
    expect(later.status).toBe(200);
    // …and dropping a field a template still uses is refused, naming the template.
    const dropped = await g.call('PATCH', `/api/campaigns/${accepted.body.id}`, { token: t.agent.token, body: { custom_fields: [] } });
    expect(dropped.status).toBe(400);
    expect(paths(dropped)).toEqual(['steps.0.template']);
    expect(dropped.body.error.message).toContain('{{mystery}}');
  });

  it('names every bad field of a create in one 400', async () => {
    const t = await tenant();
    const res = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: {
        linkedin_account_id: 'nope',
        name: '',
        timezone: 'Mars/Olympus',
        working_days: [0, 3, 3, 8],
        working_hours: { start: '17:00', end: '09:00' },
        holidays: ['2025-02-30', '25/12/2025'],
        message_first_degree: 'yes',
        custom_fields: ['bad name'],
        status: 'active',
        steps: [
          { action: 'message', template: '' },
          { action: 'invite', template: 'x'.repeat(301), delay: { days: 2 } },
          { action: 'message', template: 'Hi {{first_name', accept_timeout_days: 3, extra: 1 },
          { action: 'wave', template: 'hi' },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'linkedin_account_id',
        'name',
        'timezone',
        'working_days.0',
        'working_days.3',
        'working_days',
        'working_hours.end',
        'holidays.0',
        'holidays.1',
        'message_first_degree',
        'custom_fields.0',
        'status',
        'steps.0.template',
        'steps.1.delay',
        'steps.2.extra',
        'steps.3.action',
      ]),
    );
  });

  it('rejects an invite that is not the first step, an invite note over 300 characters and unbalanced braces', async () => {
    const t = await tenant();
    const res = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: {
        linkedin_account_id: t.account.id,
        name: 'C',
        steps: [
          { action: 'invite', template: `${'x'.repeat(290)} {{first_name}} ${'y'.repeat(10)}` },
          { action: 'invite', template: '' },
          { action: 'message', template: 'Hi {{first_name', accept_timeout_days: 3 },
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(messageAt(res, 'steps.0.template')).toMatch(/at most 300 characters/);
    expect(messageAt(res, 'steps.1.action')).toBe('an invite can only be the first step');
    expect(messageAt(res, 'steps.2.accept_timeout_days')).toBe('only an invite step has an accept timeout');
    expect(paths(res)).toContain('steps.2.template');
  });

  it('answers 404 naming linkedin_account_id for an account of another client, and creates nothing', async () => {
    const t = await tenant();
    const other = await tenant();
    const res = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: other.account.id, name: 'Stolen' },
    });
    expect(res.status).toBe(404);
    expect(paths(res)).toEqual(['linkedin_account_id']);
    const naming = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { client_id: other.client.id, linkedin_account_id: other.account.id, name: 'Stolen' },
    });
    expect(naming.status).toBe(404);
    expect(await g.database.db.select().from(campaigns).where(eq(campaigns.clientId, other.client.id))).toHaveLength(0);
  });

  it('lets an admin create in any client, requires client_id from admins, and filters lists by client and status', async () => {
    const admin = await g.createUser('admin', null);
    const t = await tenant();
    const missing = await g.call('POST', '/api/campaigns', { token: admin.token, body: { linkedin_account_id: t.account.id, name: 'A' } });
    expect(missing.status).toBe(400);
    expect(paths(missing)).toEqual(['client_id']);
    const created = await g.call('POST', '/api/campaigns', {
      token: admin.token,
      body: { client_id: t.client.id, linkedin_account_id: t.account.id, name: 'A' },
    });
    expect(created.status).toBe(201);
    await g.call('POST', '/api/campaigns', {
      token: admin.token,
      body: { client_id: t.client.id, linkedin_account_id: t.account.id, name: 'B' },
    });
    await g.database.db.update(campaigns).set({ status: 'paused' }).where(eq(campaigns.id, created.body.id));

    const all = await g.call('GET', `/api/campaigns?client_id=${t.client.id}`, { token: admin.token });
    expect(all.body.items.map((c: { name: string }) => c.name)).toEqual(['B', 'A']);
    const paused = await g.call('GET', `/api/campaigns?client_id=${t.client.id}&status=paused`, { token: admin.token });
    expect(paused.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    const first = await g.call('GET', `/api/campaigns?client_id=${t.client.id}&limit=1`, { token: admin.token });
    const second = await g.call('GET', `/api/campaigns?client_id=${t.client.id}&limit=1&cursor=${first.body.next_cursor}`, {
      token: admin.token,
    });
    expect([first.body.items[0].name, second.body.items[0].name, second.body.next_cursor]).toEqual(['B', 'A', null]);
    const bad = await g.call('GET', '/api/campaigns?status=running&client_id=x&limit=0', { token: admin.token });
    expect(paths(bad).sort()).toEqual(['client_id', 'limit', 'status']);
  });

  it('PATCHes only the fields given and replaces the steps wholesale, even while active', async () => {
    const t = await tenant();
    const created = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'Old', steps: sequence },
    });
    await g.database.db.update(campaigns).set({ status: 'active' }).where(eq(campaigns.id, created.body.id));
    const newSteps = [{ action: 'message', template: 'Only {{region}}' }];
    const res = await g.call('PATCH', `/api/campaigns/${created.body.id}`, {
      token: t.agent.token,
      body: { name: 'New', working_hours: { start: '08:00', end: '12:00' }, custom_fields: ['region'], steps: newSteps },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'New',
      status: 'active',
      timezone: 'Europe/Paris',
      working_hours: { start: '08:00', end: '12:00' },
    });
    expect(res.body.steps).toEqual([{ action: 'message', template: 'Only {{region}}', delay: { working_days: 0 } }]);
    const stored = await g.database.db.select().from(sequenceSteps).where(eq(sequenceSteps.campaignId, created.body.id));
    expect(stored).toHaveLength(1);

    const untouched = await g.call('PATCH', `/api/campaigns/${created.body.id}`, {
      token: t.agent.token,
      body: { holidays: ['2026-01-01'] },
    });
    expect(untouched.body.steps).toEqual(res.body.steps);
  });

  it('rejects bad PATCH fields by name: status, client_id, an empty sequence on an active campaign, an unknown variable', async () => {
    const t = await tenant();
    const other = await tenant();
    const created = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'C', steps: sequence },
    });
    const id = created.body.id;
    const bad = await g.call('PATCH', `/api/campaigns/${id}`, {
      token: t.agent.token,
      body: { status: 'active', name: ' ', working_days: [], custom_fields: ['x'], steps: [{ action: 'message', template: '{{nope}}' }] },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(expect.arrayContaining(['status', 'name', 'working_days', 'steps.0.template']));
    const client = await g.call('PATCH', `/api/campaigns/${id}`, { token: t.agent.token, body: { client_id: other.client.id } });
    expect(paths(client)).toEqual(['client_id']);
    const unknownVariable = await g.call('PATCH', `/api/campaigns/${id}`, {
      token: t.agent.token,
      body: { steps: [{ action: 'message', template: 'Hi {{nope}}' }] },
    });
    expect(paths(unknownVariable)).toEqual(['steps.0.template']);
    const account = await g.call('PATCH', `/api/campaigns/${id}`, {
      token: t.agent.token,
      body: { linkedin_account_id: other.account.id },
    });
    expect(account.status).toBe(404);

    await g.database.db.update(campaigns).set({ status: 'active' }).where(eq(campaigns.id, id));
    const emptied = await g.call('PATCH', `/api/campaigns/${id}`, { token: t.agent.token, body: { steps: [] } });
    expect(emptied.status).toBe(409);
    const after = await g.call('GET', `/api/campaigns/${id}`, { token: t.agent.token });
    expect(after.body).toMatchObject({ name: 'C', status: 'active', linkedin_account_id: t.account.id });
    expect(after.body.steps).toHaveLength(4);
  });

  it('deletes a campaign that is not active, and refuses to delete an active one', async () => {
    const t = await tenant();
    const created = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'C', steps: sequence },
    });
    const id = created.body.id;
    await g.database.db.update(campaigns).set({ status: 'active' }).where(eq(campaigns.id, id));
    expect((await g.call('DELETE', `/api/campaigns/${id}`, { token: t.agent.token })).status).toBe(409);
    await g.database.db.update(campaigns).set({ status: 'stopped' }).where(eq(campaigns.id, id));
    expect((await g.call('DELETE', `/api/campaigns/${id}`, { token: t.agent.token })).status).toBe(204);
    expect((await g.call('GET', `/api/campaigns/${id}`, { token: t.agent.token })).status).toBe(404);
    expect(await g.database.db.select().from(sequenceSteps).where(eq(sequenceSteps.campaignId, id))).toHaveLength(0);
  });

  it('lets a viewer read but not write', async () => {
    const t = await tenant();
    const created = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'C' },
    });
    const id = created.body.id;
    expect((await g.call('GET', '/api/campaigns', { token: t.viewer.token })).body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await g.call('GET', `/api/campaigns/${id}`, { token: t.viewer.token })).status).toBe(200);
    expect(
      (await g.call('POST', '/api/campaigns', { token: t.viewer.token, body: { linkedin_account_id: t.account.id, name: 'V' } })).status,
    ).toBe(403);
    expect((await g.call('PATCH', `/api/campaigns/${id}`, { token: t.viewer.token, body: { name: 'V' } })).status).toBe(403);
    expect((await g.call('DELETE', `/api/campaigns/${id}`, { token: t.viewer.token })).status).toBe(403);
    expect((await g.call('GET', `/api/campaigns/${id}`, { token: t.agent.token })).body.name).toBe('C');
    expect((await g.call('GET', '/api/campaigns')).status).toBe(401);
  });

  it("hides a campaign from another client's users: 404 and nothing changes", async () => {
    const t = await tenant();
    const other = await tenant();
    const created = await g.call('POST', '/api/campaigns', {
      token: t.agent.token,
      body: { linkedin_account_id: t.account.id, name: 'Mine', steps: sequence },
    });
    const id = created.body.id;
    expect((await g.call('GET', `/api/campaigns/${id}`, { token: other.agent.token })).status).toBe(404);
    expect((await g.call('PATCH', `/api/campaigns/${id}`, { token: other.agent.token, body: { name: 'Theirs', steps: [] } })).status).toBe(
      404,
    );
    expect((await g.call('DELETE', `/api/campaigns/${id}`, { token: other.agent.token })).status).toBe(404);
    const listed = await g.call('GET', `/api/campaigns?client_id=${t.client.id}`, { token: other.agent.token });
    expect(listed.body.items).toEqual([]);
    expect((await g.call('GET', `/api/campaigns/${id}`, { token: t.agent.token })).body).toEqual(created.body);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const t = await tenant();
    const res = await g.call('GET', '/api/campaigns/123', { token: t.agent.token });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['id']);
  });
});
