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

  it('refuses a wrong password with 401 and, past the limit, with 429 even for the right one', async () => {
    const user = await g.createUser('viewer', (await insertClient(g.database.db)).id);
    for (let i = 0; i < 5; i += 1) expect((await g.call('POST', '/api/auth/login', { body: { email: user.email, password: 'wrong' } })).status).toBe(401);
    const blocked = await g.call('POST', '/api/auth/login', { body: { email: user.email, password: TEST_PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
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
    ['expired', async () => jwt.sign(await claimsFor(), TEST_TOKENS.secret, { algorithm: 'HS256', expiresIn: -10, issuer: TEST_TOKENS.issuer, audience: TEST_TOKENS.audience })],
    ['signed with another secret', async () => jwt.sign(await claimsFor(), 'another-secret-another-secret-another', { algorithm: 'HS256', expiresIn: 60, issuer: TEST_TOKENS.issuer, audience: TEST_TOKENS.audience })],
    ['alg none', async () => jwt.sign(await claimsFor(), '', { algorithm: 'none', issuer: TEST_TOKENS.issuer, audience: TEST_TOKENS.audience })],
    ['HS512', async () => jwt.sign(await claimsFor(), TEST_TOKENS.secret, { algorithm: 'HS512', expiresIn: 60, issuer: TEST_TOKENS.issuer, audience: TEST_TOKENS.audience })],
    ['for another audience', async () => jwt.sign(await claimsFor(), TEST_TOKENS.secret, { algorithm: 'HS256', expiresIn: 60, issuer: TEST_TOKENS.issuer, audience: 'elsewhere' })],
    ['from another issuer', async () => jwt.sign(await claimsFor(), TEST_TOKENS.secret, { algorithm: 'HS256', expiresIn: 60, issuer: 'elsewhere', audience: TEST_TOKENS.audience })],
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
