import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@outreach/logger';
import { createDashboardServer } from './server';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('dashboard server', () => {
  const logger = createLogger('dashboard-test', { silent: true });
  let gateway: Server;
  let dashboard: Server;
  let url: string;
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'dashboard-static-'));

  beforeAll(async () => {
    mkdirSync(path.join(staticDir, 'assets'));
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(staticDir, 'assets', 'index-abc.js'), 'export const built = 1;');
    writeFileSync(path.join(os.tmpdir(), 'dashboard-secret.txt'), 'secret');
    // A stand-in gateway echoing what reached it.
    gateway = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(req.url?.startsWith('/api/missing') ? 404 : 200, { 'content-type': 'application/json', 'x-upstream': 'gateway' });
        res.end(
          JSON.stringify({
            method: req.method,
            url: req.url,
            body,
            authorization: req.headers.authorization ?? null,
            contentType: req.headers['content-type'] ?? null,
          }),
        );
      });
    });
    const gatewayUrl = await listen(gateway);
    dashboard = createDashboardServer({ gatewayUrl, staticDir, logger });
    url = await listen(dashboard);
  });
  afterAll(async () => {
    await close(dashboard);
    await close(gateway);
  });

  it('forwards an API call with its method, query, headers and raw body, and returns the answer as is', async () => {
    const res = await fetch(`${url}/api/campaigns/c1/leads/import?allow_cross_campaign=true`, {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'text/csv' },
      body: 'first_name,last_name\nA,B\n',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('gateway');
    expect(await res.json()).toEqual({
      method: 'POST',
      url: '/api/campaigns/c1/leads/import?allow_cross_campaign=true',
      body: 'first_name,last_name\nA,B\n',
      authorization: 'Bearer t',
      contentType: 'text/csv',
    });
  });

  it('passes the gateway errors through unchanged, and forwards Bull Board', async () => {
    expect((await fetch(`${url}/api/missing`)).status).toBe(404);
    expect(((await (await fetch(`${url}/admin/queues/api/queues`)).json()) as { url: string }).url).toBe('/admin/queues/api/queues');
  });

  it('serves built assets as immutable and every app route as index.html', async () => {
    const asset = await fetch(`${url}/assets/index-abc.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    const route = await fetch(`${url}/campaigns/123`);
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect(route.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await route.text()).toContain('id="root"');
  });

  it('never serves a file outside the built app', async () => {
    const res = await fetch(`${url}/..%2Fdashboard-secret.txt`);
    expect(await res.text()).not.toContain('secret');
  });

  it('refuses writes to app paths, and answers 502 in the API error shape when the gateway is down', async () => {
    expect((await fetch(`${url}/campaigns`, { method: 'POST' })).status).toBe(405);
    const orphan = createDashboardServer({ gatewayUrl: 'http://127.0.0.1:1', staticDir, logger });
    const orphanUrl = await listen(orphan);
    const res = await fetch(`${orphanUrl}/api/auth/me`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('gateway_unreachable');
    await close(orphan);
  });
});
