import { randomUUID } from 'node:crypto';
import { users } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertClient } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const NEW_PASSWORD = 'a brand new long passphrase';
const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@agency.example`;
const paths = (res: { body: any }) => res.body.error.details.map((d: { path: string }) => d.path);
const login = (address: string, password: string) => g.call('POST', '/api/auth/login', { body: { email: address, password } });

describe('/api/users', () => {
  it('lets an admin create, read, change, list and delete a user, never showing a password hash', async () => {
    const admin = await g.createUser('admin', null);
    const client = await insertClient(g.database.db);
    const address = email('Agent');
    const created = await g.call('POST', '/api/users', {
      token: admin.token,
      body: { email: address, password: NEW_PASSWORD, role: 'agent', client_id: client.id },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: address.toLowerCase(),
      role: 'agent',
      client_id: client.id,
      disabled: false,
      disabled_at: null,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/hash|scrypt|password/i);
    expect((await login(address, NEW_PASSWORD)).status).toBe(200);

    const id = created.body.id;
    const got = await g.call('GET', `/api/users/${id}`, { token: admin.token });
    expect(got.body).toEqual(created.body);
    const patched = await g.call('PATCH', `/api/users/${id}`, {
      token: admin.token,
      body: { role: 'viewer', password: 'yet another long passphrase' },
    });
    expect(patched.body).toMatchObject({ role: 'viewer', client_id: client.id });
    expect((await login(address, 'yet another long passphrase')).status).toBe(200);

    await g.call('POST', '/api/users', {
      token: admin.token,
      body: { email: email('second'), password: NEW_PASSWORD, role: 'viewer', client_id: client.id },
    });
    const first = await g.call('GET', `/api/users?client_id=${client.id}&limit=1`, { token: admin.token });
    const second = await g.call('GET', `/api/users?client_id=${client.id}&limit=1&cursor=${first.body.next_cursor}`, {
      token: admin.token,
    });
    expect([...first.body.items, ...second.body.items].map((u: { client_id: string }) => u.client_id)).toEqual([client.id, client.id]);
    expect(second.body.next_cursor).toBeNull();
    expect(JSON.stringify(first.body)).not.toMatch(/hash/i);

    expect((await g.call('DELETE', `/api/users/${id}`, { token: admin.token })).status).toBe(204);
    expect((await g.call('GET', `/api/users/${id}`, { token: admin.token })).status).toBe(404);
    expect((await g.call('DELETE', `/api/users/${id}`, { token: admin.token })).status).toBe(404);
  });

  it('disables a user at once (existing tokens stop working) and enables them again', async () => {
    const admin = await g.createUser('admin', null);
    const agent = await g.createUser('agent', (await insertClient(g.database.db)).id);
    const disabled = await g.call('PATCH', `/api/users/${agent.id}`, { token: admin.token, body: { disabled: true } });
    expect(disabled.body).toMatchObject({ disabled: true, disabled_at: expect.any(String) });
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).status).toBe(401);

    const enabled = await g.call('PATCH', `/api/users/${agent.id}`, { token: admin.token, body: { disabled: false } });
    expect(enabled.body).toMatchObject({ disabled: false, disabled_at: null });
    expect((await g.call('GET', '/api/auth/me', { token: agent.token })).status).toBe(200);
  });

  it('creates admins without a client and refuses an admin with one', async () => {
    const admin = await g.createUser('admin', null);
    const client = await insertClient(g.database.db);
    const created = await g.call('POST', '/api/users', {
      token: admin.token,
      body: { email: email('ops'), password: NEW_PASSWORD, role: 'admin' },
    });
    expect(created.status).toBe(201);
    expect(created.body.client_id).toBeNull();
    const refused = await g.call('POST', '/api/users', {
      token: admin.token,
      body: { email: email('ops'), password: NEW_PASSWORD, role: 'admin', client_id: client.id },
    });
    expect(refused.status).toBe(400);
    expect(paths(refused)).toEqual(['client_id']);
  });

  it('requires an existing client for agents and viewers', async () => {
    const admin = await g.createUser('admin', null);
    const missing = await g.call('POST', '/api/users', {
      token: admin.token,
      body: { email: email('a'), password: NEW_PASSWORD, role: 'agent' },
    });
    expect(missing.status).toBe(400);
    expect(paths(missing)).toEqual(['client_id']);
    const address = email('ghost');
    const unknown = await g.call('POST', '/api/users', {
      token: admin.token,
      body: { email: address, password: NEW_PASSWORD, role: 'viewer', client_id: randomUUID() },
    });
    expect(unknown.status).toBe(404);
    expect(await g.database.db.select().from(users).where(eq(users.email, address))).toHaveLength(0);
  });

  it('refuses a second user with the same email in another case with 409', async () => {
    const admin = await g.createUser('admin', null);
    const client = await insertClient(g.database.db);
    const address = email('dup');
    expect(
      (
        await g.call('POST', '/api/users', {
          token: admin.token,
          body: { email: address, password: NEW_PASSWORD, role: 'agent', client_id: client.id },
        })
      ).status,
    ).toBe(201);
    const again = await g.call('POST', '/api/users', {
      token: admin.token,
      body: { email: address.toUpperCase(), password: NEW_PASSWORD, role: 'viewer', client_id: client.id },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('names each bad field and rejects unknown ones, on create and on change', async () => {
    const admin = await g.createUser('admin', null);
    const bad = await g.call('POST', '/api/users', {
      token: admin.token,
      body: { email: 'nope', password: 'short', role: 'owner', client_id: 'x', password_hash: 'mine' },
    });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(expect.arrayContaining(['email', 'password', 'role', 'client_id', 'password_hash']));

    const agent = await g.createUser('agent', (await insertClient(g.database.db)).id);
    const patch = await g.call('PATCH', `/api/users/${agent.id}`, {
      token: admin.token,
      body: { email: 'new@agency.example', disabled: 'yes', password: 'short' },
    });
    expect(patch.status).toBe(400);
    expect(paths(patch)).toEqual(expect.arrayContaining(['email', 'disabled', 'password']));
    expect((await g.call('GET', `/api/users/${agent.id}`, { token: admin.token })).body.email).toBe(agent.email);
    expect((await g.call('GET', '/api/users/not-a-uuid', { token: admin.token })).status).toBe(400);
    expect((await g.call('GET', `/api/users?client_id=x&role=admin`, { token: admin.token })).status).toBe(400);
  });

  it('keeps role and client consistent when either changes', async () => {
    const admin = await g.createUser('admin', null);
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    const promoted = await g.call('PATCH', `/api/users/${agent.id}`, { token: admin.token, body: { role: 'admin' } });
    expect(promoted.body).toMatchObject({ role: 'admin', client_id: null });
    const demotedWithout = await g.call('PATCH', `/api/users/${agent.id}`, { token: admin.token, body: { role: 'viewer' } });
    expect(demotedWithout.status).toBe(400);
    expect(paths(demotedWithout)).toEqual(['client_id']);
    const unknownClient = await g.call('PATCH', `/api/users/${agent.id}`, {
      token: admin.token,
      body: { role: 'viewer', client_id: randomUUID() },
    });
    expect(unknownClient.status).toBe(404);
    const demoted = await g.call('PATCH', `/api/users/${agent.id}`, { token: admin.token, body: { role: 'viewer', client_id: client.id } });
    expect(demoted.body).toMatchObject({ role: 'viewer', client_id: client.id });
    const adminWithClient = await g.call('PATCH', `/api/users/${agent.id}`, {
      token: admin.token,
      body: { role: 'admin', client_id: client.id },
    });
    expect(adminWithClient.status).toBe(400);
  });

  it('refuses to let an admin demote, disable or delete themselves', async () => {
    const admin = await g.createUser('admin', null);
    for (const body of [{ role: 'agent' }, { disabled: true }]) {
      expect((await g.call('PATCH', `/api/users/${admin.id}`, { token: admin.token, body })).status).toBe(409);
    }
    expect((await g.call('DELETE', `/api/users/${admin.id}`, { token: admin.token })).status).toBe(409);
    expect((await g.call('GET', '/api/auth/me', { token: admin.token })).body.role).toBe('admin');
  });

  it('is for admins only: agents, viewers and API keys get 403 and change nothing', async () => {
    const client = await insertClient(g.database.db);
    const target = await g.createUser('viewer', client.id);
    const agent = await g.createUser('agent', client.id);
    const viewer = await g.createUser('viewer', client.id);
    const key = (await g.call('POST', `/api/clients/${client.id}/api-keys`, { token: agent.token, body: { name: 'crm' } })).body.key;
    for (const auth of [{ token: agent.token }, { token: viewer.token }, { apiKey: key }]) {
      expect((await g.call('GET', '/api/users', auth)).status).toBe(403);
      expect((await g.call('GET', `/api/users/${target.id}`, auth)).status).toBe(403);
      expect(
        (await g.call('POST', '/api/users', { ...auth, body: { email: email('x'), password: NEW_PASSWORD, role: 'admin' } })).status,
      ).toBe(403);
      expect((await g.call('PATCH', `/api/users/${target.id}`, { ...auth, body: { role: 'admin', client_id: null } })).status).toBe(403);
      expect((await g.call('DELETE', `/api/users/${target.id}`, auth)).status).toBe(403);
    }
    const [row] = await g.database.db.select().from(users).where(eq(users.id, target.id));
    expect(row).toMatchObject({ role: 'viewer', clientId: client.id, disabledAt: null });
  });
});
