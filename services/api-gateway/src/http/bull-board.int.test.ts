import { users } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { QUEUES } from '@outreach/queues';
import { insertClient } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
let admin: { id: string; token: string };
let agent: { token: string };
let viewer: { token: string };
beforeAll(async () => {
  g = await startGateway();
  const client = await insertClient(g.database.db);
  [admin, agent, viewer] = await Promise.all([
    g.createUser('admin', null),
    g.createUser('agent', client.id),
    g.createUser('viewer', client.id),
  ]);
});
afterAll(async () => {
  await g.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${g.url}${path}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const cookie = (token: string) => ({ cookie: `theme=dark; outreach_admin=${encodeURIComponent(token)}` });

describe('Bull Board at /admin/queues', () => {
  it('refuses a caller without credentials (401) and non-admins (403), in the API error shape', async () => {
    const anonymous = await get('/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } });
    for (const user of [agent, viewer]) {
      const res = await get('/admin/queues', bearer(user.token));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect((await get('/admin/queues/api/queues', bearer(agent.token))).status).toBe(403);
  });

  it('serves an admin the board, uncached, over every queue of the platform', async () => {
    const page = await get('/admin/queues', bearer(admin.token));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toMatch(/<html/i);

    const api = await get('/admin/queues/api/queues', bearer(admin.token));
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QUEUES).sort());
  });
});

describe('the admin session cookie', () => {
  it('is set from an admin bearer as HttpOnly, SameSite=Strict, Path=/admin, a 15-minute board session, and opens the board', async () => {
    const res = await g.call('POST', '/api/auth/admin-session', { token: admin.token });
    expect(res.status).toBe(204);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^outreach_admin=[^;]+;/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\/admin(;|$)/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(setCookie)?.[1]);
    expect(maxAge).toBe(900);

    const value = decodeURIComponent(/^outreach_admin=([^;]+)/.exec(setCookie)?.[1] ?? '');
    expect(value).not.toBe(admin.token);
    expect((await get('/admin/queues', cookie(value))).status).toBe(200);
    // The board session is no API token.
    expect((await g.call('GET', '/api/auth/me', { token: value })).status).toBe(401);
  });

  it('is refused to non-admins and works nowhere but the board', async () => {
    for (const user of [agent, viewer]) expect((await g.call('POST', '/api/auth/admin-session', { token: user.token })).status).toBe(403);
    expect((await g.call('POST', '/api/auth/admin-session')).status).toBe(401);
    // A bearer token is no board session, not even an admin's.
    expect((await get('/admin/queues', cookie(agent.token))).status).toBe(401);
    expect((await get('/admin/queues', cookie(admin.token))).status).toBe(401);
    expect((await get('/admin/queues', cookie('not-a-token'))).status).toBe(401);
    expect((await get('/admin/queues', { cookie: 'outreach_admin=%E0%A4%A' })).status).toBe(401);
    // The API itself takes bearer tokens and API keys only.
    expect((await get('/api/admin/unipile/webhooks', cookie(admin.token))).status).toBe(401);
  });

  it('stops working once the admin is disabled or logs out', async () => {
    for (const end of ['disable', 'logout'] as const) {
      const other = await g.createUser('admin', null);
      const set = await g.call('POST', '/api/auth/admin-session', { token: other.token });
      const session = decodeURIComponent(/^outreach_admin=([^;]+)/.exec(set.headers.get('set-cookie') ?? '')?.[1] ?? '');
      expect((await get('/admin/queues', cookie(session))).status).toBe(200);
      if (end === 'disable') await g.database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, other.id));
      else expect((await g.call('POST', '/api/auth/logout', { token: other.token })).status).toBe(204);
      expect((await get('/admin/queues', cookie(session))).status).toBe(401);
    }
  });

  it('is cleared by DELETE /api/auth/admin-session', async () => {
    const res = await g.call('DELETE', '/api/auth/admin-session');
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^outreach_admin=; Path=\/admin; Expires=Thu, 01 Jan 1970/);
  });
});
