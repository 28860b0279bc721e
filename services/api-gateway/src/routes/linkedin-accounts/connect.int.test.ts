import { randomBytes, randomUUID } from 'node:crypto';
import { accountConnectRequests, linkedinAccounts } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { fakeProviderId, insertAccount, insertClient, waitFor } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const CALLBACK = '/api/linkedin-accounts/connect/callback';
const paths = (res: { body: any }) => res.body.error.details.map((d: { path: string }) => d.path);

/** The gateway listens on a random port, known only once started; Unipile must call back there. */
const useCallbackBase = (base: string | undefined) => {
  g.deps.publicApiUrl = base;
};

const accountsOf = (clientId: string) => g.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.clientId, clientId));
const requestsOf = (clientId: string) =>
  g.database.db.select().from(accountConnectRequests).where(eq(accountConnectRequests.clientId, clientId));

/** A pending connect request with a token the test knows (the API never reveals it). */
async function insertRequest(clientId: string, overrides: Partial<typeof accountConnectRequests.$inferInsert> = {}) {
  const token = randomBytes(12).toString('hex');
  const [row] = await g.database.db
    .insert(accountConnectRequests)
    .values({ clientId, token, expiresAt: new Date(Date.now() + 3_600_000), ...overrides })
    .returning();
  return row!;
}

describe('POST /api/linkedin-accounts/connect', () => {
  it('connects an account end to end: link, hosted auth, callback, account listed with its own provider id', async () => {
    useCallbackBase(g.url);
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    const started = Date.now();
    const link = await g.call('POST', '/api/linkedin-accounts/connect', {
      token: agent.token,
      body: { name: 'Sales: Jose', timezone: 'Europe/Madrid' },
    });
    expect(link.status).toBe(201);
    expect(link.body.url.startsWith(`${g.sandbox.url}/hosted/`)).toBe(true);
    expect(Date.parse(link.body.expires_at) - started).toBeGreaterThan(3_590_000);
    expect(Date.parse(link.body.expires_at) - started).toBeLessThanOrEqual(3_600_000 + 5_000);

    const providerId = fakeProviderId();
    const done = await g.control.completeHostedAuth(link.body.url, {
      name: 'Jose Corral',
      own: { provider_id: providerId, public_identifier: 'jose-corral' },
    });
    const listed = await waitFor(async () => (await g.call('GET', '/api/linkedin-accounts', { token: agent.token })).body.items[0], {
      what: 'the connected account',
    });
    expect(listed).toMatchObject({
      client_id: client.id,
      unipile_account_id: done.account.id,
      name: 'Sales: Jose',
      timezone: 'Europe/Madrid',
      provider_user_id: providerId,
      public_identifier: 'jose-corral',
      status: 'OK',
      daily_invite_limit: 25,
    });
    const [request] = await requestsOf(client.id);
    expect(request).toMatchObject({ unipileAccountId: done.account.id, completedAt: expect.any(Date) });
  });

  it("names the account after the LinkedIn member when no name was given, and calls back on the request's origin without PUBLIC_API_URL", async () => {
    useCallbackBase(undefined);
    const client = await insertClient(g.database.db, { timezone: 'Asia/Tokyo' });
    const admin = await g.createUser('admin', null);
    const link = await g.call('POST', '/api/linkedin-accounts/connect', { token: admin.token, body: { client_id: client.id } });
    expect(link.status).toBe(201);
    await g.control.completeHostedAuth(link.body.url, { name: 'Ana Silva' });
    const [account] = await waitFor(async () => {
      const rows = await accountsOf(client.id);
      return rows.length > 0 && rows;
    });
    expect(account).toMatchObject({ name: 'Ana Silva', timezone: 'Asia/Tokyo' });
  });

  it('changes nothing on a repeated callback and answers with the same account', async () => {
    const client = await insertClient(g.database.db);
    const remote = await g.control.createAccount({ name: 'Repeat' });
    const request = await insertRequest(client.id);
    const body = { status: 'CREATION_SUCCESS', account_id: remote.id, name: request.token };
    const first = await g.call('POST', CALLBACK, { body });
    expect(first.status).toBe(200);
    const [before] = await accountsOf(client.id);
    const second = await g.call('POST', CALLBACK, { body: { ...body, status: 'RECONNECTED' } });
    expect(second).toMatchObject({ status: 200, body: { linkedin_account_id: first.body.linkedin_account_id } });
    expect(await accountsOf(client.id)).toEqual([before]);
  });

  it('creates one account when two callbacks for the same link race', async () => {
    const client = await insertClient(g.database.db);
    const remote = await g.control.createAccount({ name: 'Racer' });
    const request = await insertRequest(client.id);
    const body = { status: 'CREATION_SUCCESS', account_id: remote.id, name: request.token };
    const answers = await Promise.all([g.call('POST', CALLBACK, { body }), g.call('POST', CALLBACK, { body })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]?.body).toEqual(answers[1]?.body);
    expect(await accountsOf(client.id)).toHaveLength(1);
  });

  it('answers 404 to an unknown token and 410 to an expired or used one, creating nothing', async () => {
    const client = await insertClient(g.database.db);
    const remote = await g.control.createAccount({ name: 'Nobody' });
    const callback = (token: string) =>
      g.call('POST', CALLBACK, { body: { status: 'CREATION_SUCCESS', account_id: remote.id, name: token } });
    expect((await callback(randomUUID())).status).toBe(404);
    const expired = await insertRequest(client.id, { expiresAt: new Date(Date.now() - 1000) });
    expect((await callback(expired.token)).status).toBe(410);
    const used = await insertRequest(client.id, { completedAt: new Date(), unipileAccountId: 'another-account' });
    expect((await callback(used.token)).status).toBe(410);
    expect(await accountsOf(client.id)).toEqual([]);
  });

  it('leaves the request pending when Unipile does not know the account', async () => {
    const client = await insertClient(g.database.db);
    const request = await insertRequest(client.id);
    const res = await g.call('POST', CALLBACK, {
      body: { status: 'CREATION_SUCCESS', account_id: 'no-such-account', name: request.token },
    });
    expect(res.status).toBe(404);
    expect((await requestsOf(client.id))[0]?.completedAt).toBeNull();
    expect(await accountsOf(client.id)).toEqual([]);
  });

  it('never moves an account registered to another client (409), and leaves the request pending', async () => {
    const remote = await g.control.createAccount({ name: 'Taken' });
    const owner = await insertClient(g.database.db);
    const existing = await insertAccount(g.database.db, owner.id, { unipileAccountId: remote.id });
    const thief = await insertClient(g.database.db);
    const request = await insertRequest(thief.id);
    const res = await g.call('POST', CALLBACK, { body: { status: 'RECONNECTED', account_id: remote.id, name: request.token } });
    expect(res.status).toBe(409);
    expect((await accountsOf(owner.id))[0]).toEqual(existing);
    expect(await accountsOf(thief.id)).toEqual([]);
    expect((await requestsOf(thief.id))[0]?.completedAt).toBeNull();
  });

  it('rejects a callback with an unknown status or missing fields', async () => {
    const client = await insertClient(g.database.db);
    const request = await insertRequest(client.id);
    const res = await g.call('POST', CALLBACK, { body: { status: 'CREATION_FAIL', name: request.token } });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(expect.arrayContaining(['status', 'account_id']));
    expect((await requestsOf(client.id))[0]?.completedAt).toBeNull();
  });

  it('validates and scopes the connect request: admins name an existing client, agents only their own', async () => {
    const mine = await insertClient(g.database.db);
    const theirs = await insertClient(g.database.db);
    const admin = await g.createUser('admin', null);
    const agent = await g.createUser('agent', mine.id);
    const noClient = await g.call('POST', '/api/linkedin-accounts/connect', { token: admin.token, body: {} });
    expect(paths(noClient)).toEqual(['client_id']);
    expect((await g.call('POST', '/api/linkedin-accounts/connect', { token: admin.token, body: { client_id: randomUUID() } })).status).toBe(
      404,
    );
    expect((await g.call('POST', '/api/linkedin-accounts/connect', { token: agent.token, body: { client_id: theirs.id } })).status).toBe(
      404,
    );
    const bad = await g.call('POST', '/api/linkedin-accounts/connect', { token: agent.token, body: { timezone: 'Mars/Base', name: '' } });
    expect(paths(bad)).toEqual(expect.arrayContaining(['timezone', 'name']));
    const unknown = await g.call('POST', '/api/linkedin-accounts/connect', { token: agent.token, body: { status: 'OK' } });
    expect(paths(unknown)).toEqual(['status']);
    expect((await g.call('POST', '/api/linkedin-accounts/connect', { body: {} })).status).toBe(401);
    expect([...(await requestsOf(mine.id)), ...(await requestsOf(theirs.id))]).toEqual([]);
  });

  it('answers 502 and keeps no request when Unipile refuses to create the link', async () => {
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    await g.control.addApiFault({
      method: 'POST',
      path: '/api/v1/hosted/accounts/link',
      status: 500,
      type: 'errors/unexpected_error',
      count: 1,
    });
    const res = await g.call('POST', '/api/linkedin-accounts/connect', { token: agent.token, body: {} });
    expect(res.status).toBe(502);
    expect(await requestsOf(client.id)).toEqual([]);
  });

  it('answers 503 and keeps no request when the deployment has no Unipile DSN', async () => {
    const client = await insertClient(g.database.db);
    const agent = await g.createUser('agent', client.id);
    const dsn = g.deps.unipileDsn;
    g.deps.unipileDsn = '';
    try {
      const res = await g.call('POST', '/api/linkedin-accounts/connect', { token: agent.token, body: {} });
      expect(res.status).toBe(503);
    } finally {
      g.deps.unipileDsn = dsn;
    }
    expect(await requestsOf(client.id)).toEqual([]);
  });
});
