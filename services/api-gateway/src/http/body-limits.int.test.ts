import { request } from 'node:http';
import { insertTenant } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

/**
 * Starts a POST announcing `declaredBytes`, sends one megabyte of it and then nothing more: only a
 * gateway that answers without waiting for the body (no buffering) responds at all.
 */
function unfinishedUpload(
  path: string,
  contentType: string,
  declaredBytes: number,
): Promise<{ status: number; body: string; connection: string | undefined }> {
  const url = new URL(path, g.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': contentType, 'content-length': String(declaredBytes) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection });
        });
      },
    );
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    req.write(Buffer.alloc(1024 * 1024, contentType === 'text/csv' ? 'a' : ' '));
  });
}

describe('request bodies', () => {
  it('refuses an unauthenticated 20 MB CSV upload before reading it', async () => {
    const t = await insertTenant(g.database.db);
    const res = await unfinishedUpload(`/api/campaigns/${t.campaign.id}/leads/import`, 'text/csv', 20 * 1024 * 1024);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'unauthorized' } });
    expect(res.connection).toBe('close');
  });

  it('refuses an unauthenticated 5 MB JSON import before reading it', async () => {
    const t = await insertTenant(g.database.db);
    const res = await unfinishedUpload(`/api/campaigns/${t.campaign.id}/leads`, 'application/json', 5 * 1024 * 1024);
    expect(res.status).toBe(401);
  });

  it('answers 413 to a JSON body over 100 kB on an ordinary route, public or not', async () => {
    const t = await insertTenant(g.database.db);
    const agent = await g.createUser('agent', t.client.id);
    const big = 'x'.repeat(150 * 1024);
    const patch = await g.call('PATCH', `/api/campaigns/${t.campaign.id}`, { token: agent.token, body: { name: big } });
    expect(patch.status).toBe(413);
    expect(patch.body).toMatchObject({ error: { code: 'payload_too_large' } });
    const login = await g.call('POST', '/api/auth/login', { body: { email: 'a@b.example', password: big } });
    expect(login.status).toBe(413);
  });

  it('accepts a JSON lead import over 100 kB from an authenticated agent', async () => {
    const t = await insertTenant(g.database.db);
    const agent = await g.createUser('agent', t.client.id);
    const leads = Array.from({ length: 1500 }, (_, i) => ({
      first_name: 'Ana',
      last_name: `Silva ${i}`,
      company: 'Acme Corporation International',
      public_identifier: `ana-silva-${i}-${t.campaign.id.slice(0, 8)}`,
    }));
    expect(JSON.stringify(leads).length).toBeGreaterThan(100 * 1024);
    const res = await g.call('POST', `/api/campaigns/${t.campaign.id}/leads`, { token: agent.token, body: leads });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(1500);
  });

  it('answers 413 to a CSV upload announcing more than 20 MB, before reading it', async () => {
    const t = await insertTenant(g.database.db);
    const agent = await g.createUser('agent', t.client.id);
    const url = new URL(`/api/campaigns/${t.campaign.id}/leads/import`, g.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'text/csv', 'content-length': String(21 * 1024 * 1024) },
        },
        (res) => {
          res.resume();
          req.destroy();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.write('first_name,last_name,profile_url\n');
    });
    expect(status).toBe(413);
  });
});
