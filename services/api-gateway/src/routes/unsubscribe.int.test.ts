import { emailUnsubscribes } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { signUnsubscribeToken } from '@outreach/reports';
import { insertClient } from '@outreach/testing';
import { startGateway, TEST_UNSUBSCRIBE_SECRET, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const unsubscribes = (clientId: string) => g.database.db.select().from(emailUnsubscribes).where(eq(emailUnsubscribes.clientId, clientId));
const tokenFor = (clientId: string, email: string) =>
  signUnsubscribeToken(TEST_UNSUBSCRIBE_SECRET, { clientId, email, list: 'weekly_report' });
const open = (token: string, init: RequestInit = {}) => fetch(`${g.url}/api/unsubscribe?token=${encodeURIComponent(token)}`, init);

describe('/api/unsubscribe', () => {
  it('asks for confirmation on GET (a mail scanner opening the link unsubscribes nobody)', async () => {
    const client = await insertClient(g.database.db, { name: 'Acme <Ltd>' });
    const token = tokenFor(client.id, 'Boss@Acme.example');
    for (let i = 0; i < 2; i += 1) {
      const res = await open(token);
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain('Stop sending the weekly outreach report for Acme &lt;Ltd&gt; to boss@acme.example?');
      expect(page).toContain(`<form method="post" action="/api/unsubscribe?token=${encodeURIComponent(token)}">`);
    }
    expect(await unsubscribes(client.id)).toEqual([]);
    const json = await open(token, { headers: { accept: 'application/json' } });
    expect(await json.json()).toEqual({ unsubscribed: false, client_id: client.id, email: 'boss@acme.example', list: 'weekly_report' });
  });

  it('records the unsubscribe once, however often the button is pressed, and says so in a page', async () => {
    const client = await insertClient(g.database.db, { name: 'Acme <Ltd>' });
    const token = tokenFor(client.id, 'Boss@Acme.example');
    for (let i = 0; i < 2; i += 1) {
      const res = await open(token, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const page = await res.text();
      expect(page).toContain('You will no longer receive the weekly outreach report for Acme &lt;Ltd&gt; at boss@acme.example.');
    }
    const rows = await unsubscribes(client.id);
    expect(rows).toEqual([expect.objectContaining({ clientId: client.id, email: 'boss@acme.example', list: 'weekly_report' })]);
    expect(await (await open(token)).text()).toContain('You no longer receive');
  });

  it('answers JSON to a caller that asks for it, and takes RFC 8058 one-click POSTs', async () => {
    const client = await insertClient(g.database.db);
    const json = await open(tokenFor(client.id, 'a@acme.example'), { method: 'POST', headers: { accept: 'application/json' } });
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ unsubscribed: true, client_id: client.id, email: 'a@acme.example', list: 'weekly_report' });

    const oneClick = await open(tokenFor(client.id, 'b@acme.example'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    const rows = await g.database.db
      .select()
      .from(emailUnsubscribes)
      .where(and(eq(emailUnsubscribes.clientId, client.id), eq(emailUnsubscribes.email, 'b@acme.example')));
    expect(rows).toHaveLength(1);
  });

  it('rejects a tampered, foreign-signed or missing token with 400 and records nothing', async () => {
    const client = await insertClient(g.database.db);
    const token = tokenFor(client.id, 'boss@acme.example');
    const [payload, mac] = token.split('.') as [string, string];
    const forgedPayload = Buffer.from(JSON.stringify([client.id, 'someone-else@acme.example', 'w'])).toString('base64url');
    const foreign = signUnsubscribeToken('another-deployment-secret-000', {
      clientId: client.id,
      email: 'boss@acme.example',
      list: 'weekly_report',
    });
    const flipped = `${payload}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;

    for (const bad of [`${forgedPayload}.${mac}`, foreign, flipped, payload]) {
      const page = await open(bad);
      expect(page.status).toBe(400);
      expect(await page.text()).toContain('This unsubscribe link is not valid');
      const json = await open(bad, { headers: { accept: 'application/json' } });
      expect(json.status).toBe(400);
      expect(await json.json()).toMatchObject({ error: { code: 'validation_failed', details: [{ location: 'query', path: 'token' }] } });
    }
    expect((await fetch(`${g.url}/api/unsubscribe`)).status).toBe(400);
    expect(await unsubscribes(client.id)).toEqual([]);
  });

  it('needs no credentials, and answers 200 without a row for a client deleted since', async () => {
    const client = await insertClient(g.database.db);
    const token = tokenFor(client.id, 'boss@acme.example');
    await g.call('DELETE', `/api/clients/${client.id}`, { token: (await g.createUser('admin', null)).token });
    const res = await open(token, { method: 'POST', headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(await unsubscribes(client.id)).toEqual([]);
  });
});
