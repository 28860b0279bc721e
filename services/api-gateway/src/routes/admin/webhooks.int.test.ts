import { insertClient } from '@outreach/testing';
import type { UnipileWebhook } from '@outreach/unipile';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
let admin: { token: string };
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

const ingest = () => g.deps.publicIngestUrl as string;
const secret = () => g.deps.webhook.secret as string;
const signed = () => [
  { key: 'Content-Type', value: 'application/json' },
  { key: 'Unipile-Auth', value: secret() },
];

async function allWebhooks(): Promise<UnipileWebhook[]> {
  return (await g.deps.unipile.listWebhooks({ limit: 250 })).items;
}

async function clearWebhooks() {
  for (const w of await allWebhooks()) await g.deps.unipile.deleteWebhook(w.id);
}

describe('/api/admin/unipile/webhooks', () => {
  it('converges on exactly one signed JSON webhook per source, deleting misdirected and duplicate ones and sparing foreign ones', async () => {
    await clearWebhooks();
    const create = (source: 'messaging' | 'users', path: string, name: string) =>
      g.deps.unipile.createWebhook({ source, request_url: `${ingest()}/api/webhooks/unipile/${path}`, name, headers: signed() });
    const misdirected = await create('messaging', 'users', 'outreach-messaging');
    const original = await create('messaging', 'messaging', 'outreach-messaging');
    const duplicate = await create('messaging', 'messaging', 'outreach-messaging');
    const foreign = await g.deps.unipile.createWebhook({
      source: 'users',
      request_url: 'https://crm.example/hooks',
      name: 'crm',
      headers: [],
    });

    const res = await g.call('POST', '/api/admin/unipile/webhooks/ensure', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.kept).toHaveLength(1);
    expect([original, duplicate]).toContain(res.body.kept[0]);
    expect(res.body.created).toHaveLength(2);
    expect(res.body.deleted.sort()).toEqual([misdirected, [original, duplicate].find((id) => id !== res.body.kept[0])].sort());

    const after = await allWebhooks();
    expect(after.map((w) => w.id)).toContain(foreign);
    const ours = after.filter((w) => w.id !== foreign);
    expect(ours.map((w) => w.source).sort()).toEqual(['account_status', 'messaging', 'users']);
    for (const w of ours) {
      expect(w.request_url).toBe(`${ingest()}/api/webhooks/unipile/${w.source === 'account_status' ? 'account-status' : w.source}`);
      expect(w.headers).toEqual(expect.arrayContaining(signed()));
    }

    const again = await g.call('POST', '/api/admin/unipile/webhooks/ensure', { token: admin.token });
    expect(again.body).toMatchObject({ created: [], deleted: [] });
    expect(again.body.kept).toHaveLength(3);
  });

  it('lists every page of webhooks with ours and healthy flags, problems named and header values masked', async () => {
    await clearWebhooks();
    await g.call('POST', '/api/admin/unipile/webhooks/ensure', { token: admin.token });
    const stale = await g.deps.unipile.createWebhook({
      source: 'users',
      request_url: `${ingest()}/api/webhooks/unipile/users`,
      name: 'outreach-users',
      headers: [{ key: 'Unipile-Auth', value: 'stale-secret-value' }],
    });
    // More than one page (Unipile pages 100 at a time) of other systems' webhooks.
    for (let i = 0; i < 101; i += 1)
      await g.deps.unipile.createWebhook({
        source: 'messaging',
        request_url: `https://other.example/${i}`,
        name: `other-${i}`,
        headers: [],
      });

    const res = await g.call('GET', '/api/admin/unipile/webhooks', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(105);
    expect(new Set(res.body.items.map((w: { id: string }) => w.id)).size).toBe(105);
    expect(res.body).toMatchObject({ ingest_base_url: ingest(), missing_sources: [] });
    expect(res.body.items.filter((w: { healthy: boolean }) => w.healthy)).toHaveLength(3);
    expect(res.body.items.filter((w: { ours: boolean }) => !w.ours)).toHaveLength(101);
    const staleView = res.body.items.find((w: { id: string }) => w.id === stale);
    expect(staleView).toMatchObject({ ours: true, healthy: false, source: 'users', enabled: true, events: ['new_relation'] });
    expect(staleView.problems).toEqual(['secret_mismatch', 'content_type_not_json']);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(secret());
    expect(text).not.toContain('stale-secret-value');
  });

  it('deletes one webhook, then answers 404 for it, and 400 for an id that cannot be one', async () => {
    const id = await g.deps.unipile.createWebhook({ source: 'users', request_url: 'https://other.example/x', name: 'doomed', headers: [] });
    expect((await g.call('DELETE', `/api/admin/unipile/webhooks/${id}`, { token: admin.token })).status).toBe(204);
    expect((await allWebhooks()).map((w) => w.id)).not.toContain(id);
    const gone = await g.call('DELETE', `/api/admin/unipile/webhooks/${id}`, { token: admin.token });
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
    const bad = await g.call('DELETE', '/api/admin/unipile/webhooks/not%20an%20id', { token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ location: 'params', path: 'id' })]);
  });

  it('answers 409 while another ensure holds the lock', async () => {
    const key = `${g.deps.queuePrefix}:lock:ensure-webhooks`;
    await g.deps.redis.set(key, 'someone-else', 'PX', 60_000);
    try {
      const res = await g.call('POST', '/api/admin/unipile/webhooks/ensure', { token: admin.token });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/another webhook ensure is running/);
    } finally {
      await g.deps.redis.del(key);
    }
  });

  it('answers 502 with Unipile status and code when Unipile fails, echoing nothing else', async () => {
    await g.control.addApiFault({
      method: 'GET',
      path: '/api/v1/webhooks',
      status: 503,
      type: 'errors/service_unavailable',
      detail: 'internal detail',
    });
    const res = await g.call('GET', '/api/admin/unipile/webhooks', { token: admin.token });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 'bad_gateway', details: { unipile_status: 503, unipile_code: 'service_unavailable' } });
    expect(JSON.stringify(res.body)).not.toContain('internal detail');
  });

  it('is for admins only', async () => {
    for (const user of [agent, viewer]) {
      expect((await g.call('GET', '/api/admin/unipile/webhooks', { token: user.token })).status).toBe(403);
      expect((await g.call('POST', '/api/admin/unipile/webhooks/ensure', { token: user.token })).status).toBe(403);
      expect((await g.call('DELETE', '/api/admin/unipile/webhooks/abc', { token: user.token })).status).toBe(403);
    }
    expect((await g.call('GET', '/api/admin/unipile/webhooks')).status).toBe(401);
  });
});

describe('ensure without the configuration it needs', () => {
  let bare: GatewayHarness;
  beforeAll(async () => {
    bare = await startGateway({ publicIngestUrl: undefined, webhook: { header: 'Unipile-Auth' } });
  });
  afterAll(async () => {
    await bare.close();
  });

  it('answers 409 naming PUBLIC_INGEST_URL and the secret, and creates nothing', async () => {
    const { token } = await bare.createUser('admin', null);
    const res = await bare.call('POST', '/api/admin/unipile/webhooks/ensure', { token });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/PUBLIC_INGEST_URL and UNIPILE_WEBHOOK_SECRET/);
    expect((await bare.deps.unipile.listWebhooks()).items).toHaveLength(0);
    const listed = await bare.call('GET', '/api/admin/unipile/webhooks', { token });
    expect(listed.body).toMatchObject({ ingest_base_url: null, items: [], missing_sources: ['messaging', 'users', 'account_status'] });
  });
});
