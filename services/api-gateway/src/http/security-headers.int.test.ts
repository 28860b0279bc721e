import { request } from 'node:http';
import { startGateway, type GatewayHarness } from '../test-support/harness';

let g: GatewayHarness;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});

const headersOf = async (path: string) => (await fetch(`${g.url}${path}`)).headers;

describe('security headers', () => {
  it.each(['/api/auth/me', '/docs/', '/admin/queues', '/openapi.json', '/healthz'])('are on %s', async (path) => {
    const headers = await headersOf(path);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-powered-by')).toBeNull();
  });

  it('send HSTS only when the gateway is not reached on loopback', async () => {
    expect((await headersOf('/healthz')).get('strict-transport-security')).toBeNull();
    // fetch may not set Host: a plain request does, as a proxy forwarding a public name would.
    const hsts = await new Promise<string | undefined>((resolve, reject) => {
      const req = request(new URL('/healthz', g.url), { headers: { host: 'api.outreach.example' } }, (res) => {
        res.resume();
        resolve(res.headers['strict-transport-security']);
      });
      req.on('error', reject);
      req.end();
    });
    expect(hsts).toMatch(/max-age=31536000/);
  });
});
