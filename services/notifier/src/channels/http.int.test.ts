import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postJson, type ChannelError } from './http';
import { isAllowedAddress, parseCidrs } from './outbound-address';

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

let server: Server;
let base: string;
const seen: Seen[] = [];
const answers = new Map<string, (res: import('node:http').ServerResponse) => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ path: req.url ?? '/', headers: req.headers });
      const answer = answers.get(req.url ?? '/');
      if (answer) answer(res);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const LOCAL = { timeoutMs: 2000, allowedPrivateCidrs: ['127.0.0.0/8'] };
const PRODUCTION = { timeoutMs: 2000, allowedPrivateCidrs: [] };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: ChannelError) => err,
  );
const hits = (path: string) => seen.filter((s) => s.path === path).length;

describe('outbound requests to customer URLs', () => {
  it.each([
    ['loopback', '127.0.0.1'],
    ['private 10/8', '10.1.2.3'],
    ['private 172.16/12', '172.16.5.4'],
    ['private 192.168/16', '192.168.1.1'],
    ['cloud metadata (link-local)', '169.254.169.254'],
    ['carrier-grade NAT (Alibaba metadata)', '100.100.100.200'],
    ['unspecified', '0.0.0.0'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unique-local (AWS metadata)', 'fd00:ec2::254'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['multicast', '224.0.0.1'],
  ])('refuses %s addresses', (_what, address) => {
    expect(isAllowedAddress(address, [])).toBe(false);
  });

  it.each(['8.8.8.8', '151.101.1.69', '2606:4700:4700::1111'])('allows the public address %s', (address) => {
    expect(isAllowedAddress(address, [])).toBe(true);
  });

  it('lets an allow-listed range through, and only that range', () => {
    const allowed = parseCidrs(['127.0.0.0/8']);
    expect(isAllowedAddress('127.0.0.1', allowed)).toBe(true);
    expect(isAllowedAddress('::ffff:127.0.0.1', allowed)).toBe(true);
    expect(isAllowedAddress('10.0.0.1', allowed)).toBe(false);
  });

  it('refuses a loopback URL, by address or by name, without connecting and for good', async () => {
    for (const url of [`${base}/by-address`, `${base.replace('127.0.0.1', 'localhost')}/by-name`]) {
      const err = await failure(postJson(url, '{}', {}, PRODUCTION));
      expect(err).toMatchObject({ code: 'refused_destination', retryable: false });
    }
    expect(hits('/by-address') + hits('/by-name')).toBe(0);
  });

  it('refuses credentials in the URL and schemes other than http(s)', async () => {
    expect(await failure(postJson(`http://user:pw@127.0.0.1:1/`, '{}', {}, LOCAL))).toMatchObject({ code: 'refused_destination' });
    expect(await failure(postJson('file:///etc/passwd', '{}', {}, LOCAL))).toMatchObject({ code: 'refused_destination' });
  });

  it('posts to an allowed name through the checked address, keeping the name in the Host header', async () => {
    const url = `${base.replace('127.0.0.1', 'localhost')}/named`;
    await postJson(url, '{"a":1}', { 'webhook-id': 'n1' }, { timeoutMs: 2000, allowedPrivateCidrs: ['127.0.0.0/8', '::1/128'] });
    const request = seen.find((s) => s.path === '/named');
    expect(request?.headers.host).toBe(new URL(url).host);
    expect(request?.headers['webhook-id']).toBe('n1');
  });

  it('does not follow a redirect', async () => {
    answers.set('/moved', (res) => res.writeHead(302, { location: '/elsewhere' }).end());
    const err = await failure(postJson(`${base}/moved`, '{}', {}, LOCAL));
    expect(err).toMatchObject({ code: 'http_302', message: 'answered 302' });
    expect(hits('/elsewhere')).toBe(0);
  });

  it('keeps only the status of a failed answer, never its body', async () => {
    answers.set('/internal', (res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('root:x:0:0 internal secrets'));
    const err = await failure(postJson(`${base}/internal`, '{}', {}, LOCAL));
    expect(err.message).toBe('answered 500');
    expect(err).toMatchObject({ code: 'http_500', retryable: true });
  });
});
