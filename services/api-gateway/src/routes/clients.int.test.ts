import { insertClient } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

describe('/api/clients', () => {
  it('lets an admin create, read, change, page through and delete clients', async () => {
    const admin = await g.createUser('admin', null);
    const created = await g.call('POST', '/api/clients', {
      token: admin.token,
      body: { name: 'Acme', timezone: 'Europe/London', notification_emails: ['ops@acme.example'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Acme',
      timezone: 'Europe/London',
      report_emails: [],
      notification_emails: ['ops@acme.example'],
    });
    const id = created.body.id;

    const patched = await g.call('PATCH', `/api/clients/${id}`, { token: admin.token, body: { name: 'Acme Ltd' } });
    expect(patched.body).toMatchObject({ name: 'Acme Ltd', timezone: 'Europe/London' });

    await g.call('POST', '/api/clients', { token: admin.token, body: { name: 'Second' } });
    const first = await g.call('GET', '/api/clients?limit=1', { token: admin.token });
    expect(first.body.items).toHaveLength(1);
    const second = await g.call('GET', `/api/clients?limit=1&cursor=${first.body.next_cursor}`, { token: admin.token });
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

    expect((await g.call('DELETE', `/api/clients/${id}`, { token: admin.token })).status).toBe(204);
    expect((await g.call('GET', `/api/clients/${id}`, { token: admin.token })).status).toBe(404);
  });

  it('rejects a bad time zone, a bad email and unknown fields, naming each', async () => {
    const admin = await g.createUser('admin', null);
    const res = await g.call('POST', '/api/clients', {
      token: admin.token,
      body: { name: 'X', timezone: 'Mars/Base', report_emails: ['nope'], id: 'mine', client_id: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['timezone', 'report_emails.0', 'id', 'client_id']),
    );
  });

  it('is for admins only', async () => {
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    expect((await g.call('GET', '/api/clients', { token: agent.token })).status).toBe(403);
    expect((await g.call('POST', '/api/clients', { token: agent.token, body: { name: 'Mine' } })).status).toBe(403);
  });

  it('answers 400 for an id that is not a UUID and for a forged cursor', async () => {
    const admin = await g.createUser('admin', null);
    expect((await g.call('GET', '/api/clients/not-a-uuid', { token: admin.token })).status).toBe(400);
    expect((await g.call('GET', '/api/clients?cursor=zzz', { token: admin.token })).status).toBe(400);
  });
});
