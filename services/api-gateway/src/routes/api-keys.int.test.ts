import { randomUUID } from 'node:crypto';
import { apiKeys } from '@outreach/db';
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

const paths = (res: { body: any }) => res.body.error.details.map((d: { path: string }) => d.path);
const createKey = (token: string, clientId: string, name = 'CRM sync') =>
  g.call('POST', `/api/clients/${clientId}/api-keys`, { token, body: { name } });

describe('API keys', () => {
  it('shows a new key once; the key authenticates as its client; lists never show it; a revoked key gets 401', async () => {
    const client = await insertClient(g.database.db);
    const account = await insertAccount(g.database.db, client.id);
    await insertAccount(g.database.db, (await insertClient(g.database.db)).id);
    const agent = await g.createUser('agent', client.id);

    const created = await createKey(agent.token, client.id);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ client_id: client.id, name: 'CRM sync', last_used_at: null, revoked_at: null });
    expect(created.body.key).toMatch(new RegExp(`^ok_${created.body.prefix}_`));

    const me = await g.call('GET', '/api/auth/me', { apiKey: created.body.key });
    expect(me.body).toMatchObject({ kind: 'api_key', role: 'agent', client_id: client.id });
    const accounts = await g.call('GET', '/api/linkedin-accounts', { apiKey: created.body.key });
    expect(accounts.body.items.map((a: { id: string }) => a.id)).toEqual([account.id]);

    const listed = await g.call('GET', `/api/clients/${client.id}/api-keys`, { token: agent.token });
    expect(listed.body.items).toHaveLength(1);
    expect(Object.keys(listed.body.items[0]).sort()).toEqual([
      'client_id',
      'created_at',
      'id',
      'last_used_at',
      'name',
      'prefix',
      'revoked_at',
    ]);
    expect(listed.body.items[0].last_used_at).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

    expect((await g.call('DELETE', `/api/api-keys/${created.body.id}`, { token: agent.token })).status).toBe(204);
    expect((await g.call('GET', '/api/auth/me', { apiKey: created.body.key })).status).toBe(401);
    const after = await g.call('GET', `/api/clients/${client.id}/api-keys`, { token: agent.token });
    expect(after.body.items[0].revoked_at).not.toBeNull();
  });

  it('stores only a hash of the key', async () => {
    const client = await insertClient(g.database.db);
    const admin = await g.createUser('admin', null);
    const created = await createKey(admin.token, client.id);
    const [row] = await g.database.db.select().from(apiKeys).where(eq(apiKeys.id, created.body.id));
    expect(row?.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.body.key);
  });

  it('lets an admin manage the keys of any client', async () => {
    const admin = await g.createUser('admin', null);
    const client = await insertClient(g.database.db);
    const created = await createKey(admin.token, client.id, 'zapier');
    expect(created.status).toBe(201);
    expect(
      (await g.call('GET', `/api/clients/${client.id}/api-keys`, { token: admin.token })).body.items.map((k: { name: string }) => k.name),
    ).toEqual(['zapier']);
    expect((await g.call('DELETE', `/api/api-keys/${created.body.id}`, { token: admin.token })).status).toBe(204);
    expect((await createKey(admin.token, randomUUID())).status).toBe(404);
  });

  it("answers 404 to an agent naming another client's keys, and changes nothing", async () => {
    const mine = await insertClient(g.database.db);
    const theirs = await insertClient(g.database.db);
    const admin = await g.createUser('admin', null);
    const theirKey = (await createKey(admin.token, theirs.id)).body;
    const agent = await g.createUser('agent', mine.id);

    expect((await g.call('GET', `/api/clients/${theirs.id}/api-keys`, { token: agent.token })).status).toBe(404);
    expect((await createKey(agent.token, theirs.id)).status).toBe(404);
    expect((await g.call('DELETE', `/api/api-keys/${theirKey.id}`, { token: agent.token })).status).toBe(404);

    expect((await g.call('GET', '/api/auth/me', { apiKey: theirKey.key })).status).toBe(200);
    expect(await g.database.db.select().from(apiKeys).where(eq(apiKeys.clientId, theirs.id))).toHaveLength(1);
  });

  it('refuses viewers, and refuses API keys managing keys, with 403', async () => {
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    const viewer = await g.createUser('viewer', client.id);
    const existing = (await createKey(agent.token, client.id)).body;
    for (const auth of [{ token: viewer.token }, { apiKey: existing.key }]) {
      expect((await g.call('GET', `/api/clients/${client.id}/api-keys`, auth)).status).toBe(403);
      expect((await g.call('POST', `/api/clients/${client.id}/api-keys`, { ...auth, body: { name: 'mine' } })).status).toBe(403);
      expect((await g.call('DELETE', `/api/api-keys/${existing.id}`, auth)).status).toBe(403);
    }
    const rows = await g.database.db.select().from(apiKeys).where(eq(apiKeys.clientId, client.id));
    expect(rows.map((r) => r.revokedAt)).toEqual([null]);
  });

  it('names bad and unknown fields, and refuses ids that are not UUIDs', async () => {
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    const bad = await g.call('POST', `/api/clients/${client.id}/api-keys`, {
      token: agent.token,
      body: { name: '', client_id: randomUUID() },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(expect.arrayContaining(['name', 'client_id']));
    expect((await g.call('POST', `/api/clients/${client.id}/api-keys`, { token: agent.token, body: {} })).status).toBe(400);
    expect((await g.call('GET', '/api/clients/nope/api-keys', { token: agent.token })).status).toBe(400);
    expect((await g.call('DELETE', '/api/api-keys/nope', { token: agent.token })).status).toBe(400);
    expect((await g.call('DELETE', `/api/api-keys/${randomUUID()}`, { token: agent.token })).status).toBe(404);
  });

  it('keeps the first revocation time when a key is revoked twice', async () => {
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    const key = (await createKey(agent.token, client.id)).body;
    await g.call('DELETE', `/api/api-keys/${key.id}`, { token: agent.token });
    const [first] = await g.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect((await g.call('DELETE', `/api/api-keys/${key.id}`, { token: agent.token })).status).toBe(204);
    const [second] = await g.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(second?.revokedAt?.getTime()).toBe(first?.revokedAt?.getTime());
  });
});
