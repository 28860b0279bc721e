import jwt from 'jsonwebtoken';
import { insertClient } from '@outreach/testing';
import { startGateway, TEST_PASSWORD, TEST_TOKENS, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

describe('POST /api/auth/login', () => {
  it('returns a bearer token that /api/auth/me accepts', async () => {
    const client = await insertClient(g.database.db);
    const user = await g.createUser('agent', client.id);
    const login = await g.call('POST', '/api/auth/login', { body: { email: user.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const me = await g.call('GET', '/api/auth/me', { token: login.body.access_token });
    expect(me.body).toEqual({ kind: 'user', user_id: user.id, email: user.email, role: 'agent', client_id: client.id });
  });

  it('refuses a wrong password with 401 and, after three, delays the next attempt (429) even with the right password', async () => {
    const user = await g.createUser('viewer', (await insertClient(g.database.db)).id);
    for (let i = 0; i < 3; i += 1)
      expect((await g.call('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong' } })).status).toBe(401);
    const blocked = await g.call('POST', '/api/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts parallel guesses before checking them: at most the free attempts are verified', async () => {
    const user = await g.createUser('viewer', (await insertClient(g.database.db)).id);
    const ip = '203.0.113.7';
    const guesses = await Promise.all(
      Array.from({ length: 20 }, () =>
        g.call('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong' }, headers: { 'x-forwarded-for': ip } }),
      ),
    );
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(17);
  });

  it('never locks a user out of their own address because of guesses from another', async () => {
    const admin = await g.createUser('admin', null);
    const attacker = { 'x-forwarded-for': '198.51.100.9' };
    for (let i = 0; i < 10; i += 1)
      await g.call('POST', '/api/auth/login', { body: { email: admin.email, password: 'guess' }, headers: attacker });
    expect((await g.call('POST', '/api/auth/login', { body: { email: admin.email, password: 'guess' }, headers: attacker })).status).toBe(
      429,
    );
    const own = await g.call('POST', '/api/auth/login', {
      body: { email: admin.email, password: TEST_PASSWORD },
      headers: { 'x-forwarded-for': '192.0.2.44' },
    });
    expect(own.status).toBe(200);
  });

  it('names each bad field and rejects unknown ones', async () => {
    const res = await g.call('POST', '/api/auth/login', { body: { email: 'not-an-email', role: 'admin' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'role']));
  });
});

describe('bearer tokens', () => {
  const claimsFor = async () => {
    const user = await g.createUser('admin', null);
    return { sub: user.id, role: 'admin', client_id: null };
  };

  it.each([
    [
      'expired',
      async () =>
        jwt.sign(await claimsFor(), TEST_TOKENS.secret, {
          algorithm: 'HS256',
          expiresIn: -10,
          issuer: TEST_TOKENS.issuer,
          audience: TEST_TOKENS.audience,
        }),
    ],
    [
      'signed with another secret',
      async () =>
        jwt.sign(await claimsFor(), 'another-secret-another-secret-another', {
          algorithm: 'HS256',
          expiresIn: 60,
          issuer: TEST_TOKENS.issuer,
          audience: TEST_TOKENS.audience,
        }),
    ],
    [
      'alg none',
      async () => jwt.sign(await claimsFor(), '', { algorithm: 'none', issuer: TEST_TOKENS.issuer, audience: TEST_TOKENS.audience }),
    ],
    [
      'HS512',
      async () =>
        jwt.sign(await claimsFor(), TEST_TOKENS.secret, {
          algorithm: 'HS512',
          expiresIn: 60,
          issuer: TEST_TOKENS.issuer,
          audience: TEST_TOKENS.audience,
        }),
    ],
    [
      'for another audience',
      async () =>
        jwt.sign(await claimsFor(), TEST_TOKENS.secret, {
          algorithm: 'HS256',
          expiresIn: 60,
          issuer: TEST_TOKENS.issuer,
          audience: 'elsewhere',
        }),
    ],
    [
      'from another issuer',
      async () =>
        jwt.sign(await claimsFor(), TEST_TOKENS.secret, {
          algorithm: 'HS256',
          expiresIn: 60,
          issuer: 'elsewhere',
          audience: TEST_TOKENS.audience,
        }),
    ],
    ['garbage', async () => 'not.a.token'],
  ])('refuses a token %s with 401', async (_label, make) => {
    const res = await g.call('GET', '/api/clients', { token: await make() });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('refuses a request without credentials', async () => {
    expect((await g.call('GET', '/api/auth/me')).status).toBe(401);
  });
});

describe('health', () => {
  it('answers /healthz and /readyz without credentials', async () => {
    expect((await g.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await g.call('GET', '/readyz')).body).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok' });
  });
});

describe('sessions', () => {
  const login = async (email: string, password = TEST_PASSWORD) =>
    (await g.call('POST', '/api/auth/login', { body: { email, password } })).body.access_token as string;
  const me = async (token: string) => (await g.call('GET', '/api/auth/me', { token })).status;

  it('ends every token of the user on logout; a new login works at once', async () => {
    const user = await g.createUser('agent', (await insertClient(g.database.db)).id);
    const [first, second] = [await login(user.email), await login(user.email)];
    expect(await me(first)).toBe(200);
    expect((await g.call('POST', '/api/auth/logout', { token: first })).status).toBe(204);
    expect([await me(first), await me(second), await me(user.token)]).toEqual([401, 401, 401]);
    expect(await me(await login(user.email))).toBe(200);
  });

  it('ends the sessions of a user whose password or role an admin changed, not of one whose name did not change', async () => {
    const admin = await g.createUser('admin', null);
    const clientId = (await insertClient(g.database.db)).id;
    for (const change of [{ password: 'a brand new long password' }, { role: 'viewer' }]) {
      const user = await g.createUser('agent', clientId);
      const token = await login(user.email);
      expect((await g.call('PATCH', `/api/users/${user.id}`, { token: admin.token, body: change })).status).toBe(200);
      expect(await me(token)).toBe(401);
    }
    const kept = await g.createUser('agent', clientId);
    const token = await login(kept.email);
    expect((await g.call('PATCH', `/api/users/${kept.id}`, { token: admin.token, body: { disabled: false } })).status).toBe(200);
    expect(await me(token)).toBe(200);
  });

  it('revokes the API keys a user created when the user is disabled or deleted, and no one else’s', async () => {
    const admin = await g.createUser('admin', null);
    const client = await insertClient(g.database.db);
    const keyOf = async (token: string) =>
      (await g.call('POST', `/api/clients/${client.id}/api-keys`, { token, body: { name: 'CRM' } })).body.key as string;
    const [leaving, deleted, staying] = [
      await g.createUser('agent', client.id),
      await g.createUser('agent', client.id),
      await g.createUser('agent', client.id),
    ];
    const [k1, k2, k3] = [await keyOf(leaving.token), await keyOf(deleted.token), await keyOf(staying.token)];
    for (const key of [k1, k2, k3]) expect((await g.call('GET', '/api/auth/me', { apiKey: key })).status).toBe(200);
    expect((await g.call('PATCH', `/api/users/${leaving.id}`, { token: admin.token, body: { disabled: true } })).status).toBe(200);
    expect((await g.call('DELETE', `/api/users/${deleted.id}`, { token: admin.token })).status).toBe(204);
    const statuses = await Promise.all([k1, k2, k3].map(async (key) => (await g.call('GET', '/api/auth/me', { apiKey: key })).status));
    expect(statuses).toEqual([401, 401, 200]);
  });

  it('answers 400 to an API key asking to log out', async () => {
    const agent = await g.createUser('agent', (await insertClient(g.database.db)).id);
    const key = (
      await g.call('POST', `/api/clients/${(await g.call('GET', '/api/auth/me', { token: agent.token })).body.client_id}/api-keys`, {
        token: agent.token,
        body: { name: 'CRM' },
      })
    ).body.key as string;
    expect((await g.call('POST', '/api/auth/logout', { apiKey: key })).status).toBe(400);
  });
});
