import { randomUUID } from 'node:crypto';
import { linkedinAccounts } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertAccount, insertCampaign, insertClient } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const paths = (res: { body: any }) => res.body.error.details.map((d: { path: string }) => d.path);
const uid = () => `acc_${randomUUID()}`;
const rowOf = async (id: string) => (await g.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.id, id)))[0];

describe('/api/linkedin-accounts', () => {
  it("lets an admin register an account with the documented defaults and the client's time zone, and an agent read, change and delete it", async () => {
    const client = await insertClient(g.database.db, { timezone: 'Europe/Madrid' });
    const agent = await g.createUser('agent', client.id);
    const admin = await g.createUser('admin', null);
    const unipileId = uid();
    const created = await g.call('POST', '/api/linkedin-accounts', {
      token: admin.token,
      body: { client_id: client.id, unipile_account_id: unipileId, name: 'Jose' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      client_id: client.id,
      unipile_account_id: unipileId,
      name: 'Jose',
      timezone: 'Europe/Madrid',
      status: 'OK',
      status_updated_at: null,
      provider_user_id: null,
      cooldown_until: null,
      paused_reason: null,
      daily_invite_limit: 25,
      daily_message_limit: 100,
      daily_profile_view_limit: 80,
      weekly_invite_limit: 100,
      min_action_spacing_seconds: 60,
      max_action_spacing_seconds: 300,
      warmup_start_limit: null,
      warmup_days: null,
    });
    const id = created.body.id;
    expect((await g.call('GET', `/api/linkedin-accounts/${id}`, { token: agent.token })).body).toEqual(created.body);

    const patched = await g.call('PATCH', `/api/linkedin-accounts/${id}`, {
      token: agent.token,
      body: {
        name: 'Jose C.',
        timezone: 'America/New_York',
        daily_invite_limit: 0,
        min_action_spacing_seconds: 5,
        max_action_spacing_seconds: 5,
        warmup_start_limit: 5,
        warmup_days: 14,
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Jose C.',
      timezone: 'America/New_York',
      daily_invite_limit: 0,
      min_action_spacing_seconds: 5,
      max_action_spacing_seconds: 5,
      warmup_start_limit: 5,
      warmup_days: 14,
    });

    expect((await g.call('DELETE', `/api/linkedin-accounts/${id}`, { token: agent.token })).status).toBe(204);
    expect((await g.call('GET', `/api/linkedin-accounts/${id}`, { token: agent.token })).status).toBe(404);
  });

  it('lets an admin create for a named client and filter and page the list by client', async () => {
    const admin = await g.createUser('admin', null);
    const client = await insertClient(g.database.db);
    const other = await insertAccount(g.database.db, (await insertClient(g.database.db)).id);
    const noClient = await g.call('POST', '/api/linkedin-accounts', { token: admin.token, body: { unipile_account_id: uid(), name: 'A' } });
    expect(noClient.status).toBe(400);
    expect(paths(noClient)).toEqual(['client_id']);
    expect(
      (
        await g.call('POST', '/api/linkedin-accounts', {
          token: admin.token,
          body: { client_id: randomUUID(), unipile_account_id: uid(), name: 'A' },
        })
      ).status,
    ).toBe(404);

    for (const name of ['A', 'B']) {
      expect(
        (
          await g.call('POST', '/api/linkedin-accounts', {
            token: admin.token,
            body: { client_id: client.id, unipile_account_id: uid(), name },
          })
        ).status,
      ).toBe(201);
    }
    const first = await g.call('GET', `/api/linkedin-accounts?client_id=${client.id}&limit=1`, { token: admin.token });
    const second = await g.call('GET', `/api/linkedin-accounts?client_id=${client.id}&limit=1&cursor=${first.body.next_cursor}`, {
      token: admin.token,
    });
    expect([...first.body.items, ...second.body.items].map((a: { name: string }) => a.name)).toEqual(['B', 'A']);
    expect(second.body.next_cursor).toBeNull();
    expect((await g.call('GET', `/api/linkedin-accounts/${other.id}`, { token: admin.token })).status).toBe(200);
  });

  it('lets no agent register a Unipile id, taken or not (no oracle), and refuses a taken one to an admin with 409', async () => {
    const existing = await insertAccount(g.database.db, (await insertClient(g.database.db)).id);
    const agentClient = await insertClient(g.database.db);
    const agent = await g.createUser('agent', agentClient.id);
    const taken = await g.call('POST', '/api/linkedin-accounts', {
      token: agent.token,
      body: { unipile_account_id: existing.unipileAccountId, name: 'Mine now' },
    });
    const free = await g.call('POST', '/api/linkedin-accounts', {
      token: agent.token,
      body: { unipile_account_id: uid(), name: 'Mine now' },
    });
    expect([taken.status, free.status]).toEqual([403, 403]);
    expect(taken.body).toEqual(free.body);
    const admin = await g.createUser('admin', null);
    const res = await g.call('POST', '/api/linkedin-accounts', {
      token: admin.token,
      body: { client_id: agentClient.id, unipile_account_id: existing.unipileAccountId, name: 'Mine now' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', details: [{ path: 'unipile_account_id' }] });
    expect((await rowOf(existing.id))?.clientId).toBe(existing.clientId);
  });

  it('names each bad limit, a bad time zone, and both spacing fields when min exceeds max', async () => {
    const clientId = (await insertClient(g.database.db)).id;
    const agent = { token: (await g.createUser('admin', null)).token };
    const bad = await g.call('POST', '/api/linkedin-accounts', {
      token: agent.token,
      body: {
        client_id: clientId,
        unipile_account_id: uid(),
        name: 'X',
        timezone: 'Mars/Base',
        daily_invite_limit: -1,
        weekly_invite_limit: 1.5,
        daily_message_limit: '10',
      },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(expect.arrayContaining(['timezone', 'daily_invite_limit', 'weekly_invite_limit', 'daily_message_limit']));

    const spacing = await g.call('POST', '/api/linkedin-accounts', {
      token: agent.token,
      body: { client_id: clientId, unipile_account_id: uid(), name: 'X', min_action_spacing_seconds: 400 },
    });
    expect(spacing.status).toBe(400);
    expect(paths(spacing)).toEqual(['min_action_spacing_seconds', 'max_action_spacing_seconds']);
    expect(spacing.body.error.message).toContain('max_action_spacing_seconds (300)');

    const warmup = await g.call('POST', '/api/linkedin-accounts', {
      token: agent.token,
      body: { client_id: clientId, unipile_account_id: uid(), name: 'X', warmup_days: 10 },
    });
    expect(paths(warmup)).toEqual(['warmup_start_limit', 'warmup_days']);
    expect((await g.call('POST', '/api/linkedin-accounts', { token: agent.token, body: { name: 'X' } })).status).toBe(400);
  });

  it('checks a changed spacing against the stored other one, and changes nothing when refused', async () => {
    const client = await insertClient(g.database.db);
    const account = await insertAccount(g.database.db, client.id);
    const agent = await g.createUser('agent', client.id);
    const res = await g.call('PATCH', `/api/linkedin-accounts/${account.id}`, {
      token: agent.token,
      body: { name: 'Renamed', min_action_spacing_seconds: 301 },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['min_action_spacing_seconds', 'max_action_spacing_seconds']);
    expect(await rowOf(account.id)).toMatchObject({ name: account.name, minActionSpacingSeconds: 60 });
    const cleared = await g.call('PATCH', `/api/linkedin-accounts/${account.id}`, { token: agent.token, body: { warmup_start_limit: 3 } });
    expect(paths(cleared)).toEqual(['warmup_start_limit', 'warmup_days']);
  });

  it('rejects status, client_id and unipile_account_id in a change, so status stays what Unipile said', async () => {
    const client = await insertClient(g.database.db);
    const account = await insertAccount(g.database.db, client.id, { status: 'CREDENTIALS' });
    const admin = await g.createUser('admin', null);
    for (const field of ['status', 'client_id', 'unipile_account_id', 'provider_user_id']) {
      const res = await g.call('PATCH', `/api/linkedin-accounts/${account.id}`, {
        token: admin.token,
        body: { [field]: field === 'client_id' ? randomUUID() : 'OK' },
      });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual([field]);
    }
    const created = await g.call('POST', '/api/linkedin-accounts', {
      token: admin.token,
      body: { client_id: client.id, unipile_account_id: uid(), name: 'X', status: 'OK' },
    });
    expect(paths(created)).toEqual(['status']);
    expect(await rowOf(account.id)).toMatchObject({
      status: 'CREDENTIALS',
      clientId: client.id,
      unipileAccountId: account.unipileAccountId,
    });
  });

  it('shows the status, cooldown and pause the workers recorded', async () => {
    const client = await insertClient(g.database.db);
    const at = new Date('2026-01-02T03:04:05.000Z');
    const account = await insertAccount(g.database.db, client.id, {
      status: 'CREDENTIALS',
      statusUpdatedAt: at,
      providerUserId: 'ACoAAself',
      cooldownUntil: at,
      pausedReason: 'auth_error',
    });
    const viewer = await g.createUser('viewer', client.id);
    const res = await g.call('GET', `/api/linkedin-accounts/${account.id}`, { token: viewer.token });
    expect(res.body).toMatchObject({
      status: 'CREDENTIALS',
      status_updated_at: at.toISOString(),
      provider_user_id: 'ACoAAself',
      cooldown_until: at.toISOString(),
      paused_reason: 'auth_error',
    });
  });

  it('holds every limit within the safety ceilings, for agents and admins alike', async () => {
    const client = await insertClient(g.database.db);
    const account = await insertAccount(g.database.db, client.id);
    const admin = await g.createUser('admin', null);
    const agent = await g.createUser('agent', client.id);
    const unsafe = {
      daily_invite_limit: 101,
      weekly_invite_limit: 201,
      daily_message_limit: 151,
      daily_profile_view_limit: 251,
      min_action_spacing_seconds: 0,
      max_action_spacing_seconds: 1,
    };
    for (const token of [agent.token, admin.token]) {
      const res = await g.call('PATCH', `/api/linkedin-accounts/${account.id}`, { token, body: unsafe });
      expect(res.status).toBe(400);
      expect(paths(res).sort()).toEqual(Object.keys(unsafe).sort());
    }
    const created = await g.call('POST', '/api/linkedin-accounts', {
      token: admin.token,
      body: { client_id: client.id, unipile_account_id: uid(), name: 'X', ...unsafe },
    });
    expect(created.status).toBe(400);
    expect(await rowOf(account.id)).toMatchObject({
      dailyInviteLimit: account.dailyInviteLimit,
      minActionSpacingSeconds: account.minActionSpacingSeconds,
    });
    const atCeiling = await g.call('PATCH', `/api/linkedin-accounts/${account.id}`, {
      token: agent.token,
      body: { daily_invite_limit: 100, weekly_invite_limit: 200, min_action_spacing_seconds: 5 },
    });
    expect(atCeiling.status).toBe(200);
  });

  it('lets an agent clear a pause but only an admin clear a cooldown LinkedIn imposed', async () => {
    const client = await insertClient(g.database.db);
    const until = new Date(Date.now() + 3600_000);
    const account = await insertAccount(g.database.db, client.id, { pausedReason: 'account_restricted', cooldownUntil: until });
    const agent = await g.createUser('agent', client.id);
    const byAgent = await g.call('POST', `/api/linkedin-accounts/${account.id}/resume`, { token: agent.token });
    expect(byAgent.body).toMatchObject({ paused_reason: null, cooldown_until: until.toISOString() });
    const admin = await g.createUser('admin', null);
    const byAdmin = await g.call('POST', `/api/linkedin-accounts/${account.id}/resume`, { token: admin.token });
    expect(byAdmin.body).toMatchObject({ paused_reason: null, cooldown_until: null });
  });

  it('deletes the account at Unipile too, and keeps it when Unipile fails', async () => {
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    const first = await g.control.createAccount({ name: 'Gone' });
    const gone = await insertAccount(g.database.db, client.id, { unipileAccountId: first.id });
    expect((await g.call('DELETE', `/api/linkedin-accounts/${gone.id}`, { token: agent.token })).status).toBe(204);
    await expect(g.deps.unipile.getAccount(first.id)).rejects.toMatchObject({ status: 404 });
    expect(await rowOf(gone.id)).toBeUndefined();

    const second = await g.control.createAccount({ name: 'Kept' });
    const kept = await insertAccount(g.database.db, client.id, { unipileAccountId: second.id });
    await g.control.addApiFault({ method: 'DELETE', path: `/api/v1/accounts/${second.id}`, status: 500, type: 'provider_error', count: 1 });
    const failed = await g.call('DELETE', `/api/linkedin-accounts/${kept.id}`, { token: agent.token });
    expect(failed.status).toBe(502);
    expect(await rowOf(kept.id)).toBeDefined();
    expect((await g.deps.unipile.getAccount(second.id)).id).toBe(second.id);
  });

  it('resumes an account paused or cooling down, for its own client only', async () => {
    const client = await insertClient(g.database.db);
    const account = await insertAccount(g.database.db, client.id, {
      pausedReason: 'account_restricted',
      cooldownUntil: new Date(Date.now() + 3600_000),
    });
    const viewer = await g.createUser('viewer', client.id);
    expect((await g.call('POST', `/api/linkedin-accounts/${account.id}/resume`, { token: viewer.token })).status).toBe(403);
    const stranger = await g.createUser('agent', (await insertClient(g.database.db)).id);
    expect((await g.call('POST', `/api/linkedin-accounts/${account.id}/resume`, { token: stranger.token })).status).toBe(404);
    expect((await rowOf(account.id))?.pausedReason).toBe('account_restricted');

    const admin = await g.createUser('admin', null);
    const resumed = await g.call('POST', `/api/linkedin-accounts/${account.id}/resume`, { token: admin.token });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ paused_reason: null, cooldown_until: null });
    expect(await rowOf(account.id)).toMatchObject({ pausedReason: null, cooldownUntil: null });
  });

  it('lets a viewer read but not write (403, nothing changes)', async () => {
    const client = await insertClient(g.database.db);
    const account = await insertAccount(g.database.db, client.id);
    const viewer = await g.createUser('viewer', client.id);
    expect((await g.call('GET', '/api/linkedin-accounts', { token: viewer.token })).body.items.map((a: { id: string }) => a.id)).toEqual([
      account.id,
    ]);
    expect((await g.call('GET', `/api/linkedin-accounts/${account.id}`, { token: viewer.token })).status).toBe(200);
    expect(
      (await g.call('POST', '/api/linkedin-accounts', { token: viewer.token, body: { unipile_account_id: uid(), name: 'X' } })).status,
    ).toBe(403);
    expect((await g.call('PATCH', `/api/linkedin-accounts/${account.id}`, { token: viewer.token, body: { name: 'X' } })).status).toBe(403);
    expect((await g.call('DELETE', `/api/linkedin-accounts/${account.id}`, { token: viewer.token })).status).toBe(403);
    expect((await g.call('POST', '/api/linkedin-accounts/connect', { token: viewer.token, body: {} })).status).toBe(403);
    expect(await rowOf(account.id)).toMatchObject({ name: account.name });
  });

  it("answers 404 to another client's users for every route that takes an id, and changes nothing", async () => {
    const theirs = await insertClient(g.database.db);
    const account = await insertAccount(g.database.db, theirs.id);
    const mine = await insertClient(g.database.db);
    const agent = await g.createUser('agent', mine.id);
    const viewer = await g.createUser('viewer', mine.id);
    expect((await g.call('GET', `/api/linkedin-accounts/${account.id}`, { token: viewer.token })).status).toBe(404);
    expect((await g.call('GET', `/api/linkedin-accounts/${account.id}`, { token: agent.token })).status).toBe(404);
    expect(
      (
        await g.call('PATCH', `/api/linkedin-accounts/${account.id}`, {
          token: agent.token,
          body: { name: 'Stolen', daily_invite_limit: 99 },
        })
      ).status,
    ).toBe(404);
    expect((await g.call('DELETE', `/api/linkedin-accounts/${account.id}`, { token: agent.token })).status).toBe(404);
    expect((await g.call('GET', `/api/linkedin-accounts?client_id=${theirs.id}`, { token: agent.token })).body.items).toEqual([]);
    expect((await g.call('GET', '/api/linkedin-accounts', { token: agent.token })).body.items).toEqual([]);
    const planted = await g.call('POST', '/api/linkedin-accounts', {
      token: agent.token,
      body: { client_id: theirs.id, unipile_account_id: uid(), name: 'Planted' },
    });
    expect(planted.status).toBe(403);
    expect(await rowOf(account.id)).toEqual(account);
    expect(await g.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.clientId, theirs.id))).toHaveLength(1);
  });

  it('refuses to delete an account a campaign uses with 409', async () => {
    const client = await insertClient(g.database.db);
    const account = await insertAccount(g.database.db, client.id);
    await insertCampaign(g.database.db, client.id, account.id);
    const agent = await g.createUser('agent', client.id);
    const res = await g.call('DELETE', `/api/linkedin-accounts/${account.id}`, { token: agent.token });
    expect(res.status).toBe(409);
    expect(await rowOf(account.id)).toBeDefined();
  });

  it('answers 400 for an id that is not a UUID, an unknown query field and a forged cursor', async () => {
    const agent = await g.createUser('agent', (await insertClient(g.database.db)).id);
    expect((await g.call('GET', '/api/linkedin-accounts/not-a-uuid', { token: agent.token })).status).toBe(400);
    expect((await g.call('PATCH', '/api/linkedin-accounts/not-a-uuid', { token: agent.token, body: {} })).status).toBe(400);
    const query = await g.call('GET', '/api/linkedin-accounts?status=OK', { token: agent.token });
    expect(query.status).toBe(400);
    expect(paths(query)).toEqual(['status']);
    expect((await g.call('GET', '/api/linkedin-accounts?cursor=zzz', { token: agent.token })).status).toBe(400);
    expect((await g.call('GET', '/api/linkedin-accounts')).status).toBe(401);
  });
});
