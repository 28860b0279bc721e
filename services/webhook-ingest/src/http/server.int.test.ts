import { request } from 'node:http';
import { testRedisUrl, uniquePrefix } from '@outreach/testing';
import { deliveryJobId } from '@outreach/queues';
import { deriveDeliveryKey } from '@outreach/unipile';
import { startIngest, TEST_WEBHOOK_SECRET, type RunningIngest } from '../test-support/start-ingest';

const messaging = (messageId: string) => ({
  event: 'message_received',
  account_id: 'acc-ingest',
  account_info: { type: 'LINKEDIN', feature: 'classic', user_id: 'ACoAAOWN' },
  chat_id: 'chat-1',
  message_id: messageId,
  message: 'Hello',
  is_sender: false,
  timestamp: '2026-07-06T09:43:27.002Z',
});

type ErrorBody = { error: { code: string; message: string } };
const errorOf = async (res: Response): Promise<ErrorBody['error']> => ((await res.json()) as ErrorBody).error;

const post = (
  ingest: RunningIngest,
  path: string,
  body: string,
  headers: Record<string, string> = { 'Unipile-Auth': TEST_WEBHOOK_SECRET },
) => fetch(`${ingest.url}${path}`, { method: 'POST', body: Buffer.from(body), headers });

describe('webhook-ingest', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ redisUrl: testRedisUrl(), prefix: uniquePrefix(), bodyLimitBytes: 16 * 1024 });
  });
  afterAll(async () => {
    await ingest.queues.unipileDeliveries.obliterate({ force: true });
    await ingest.close();
  });

  it('acknowledges a delivery without Content-Type and enqueues it under its delivery key', async () => {
    const res = await post(ingest, '/api/webhooks/unipile/messaging', JSON.stringify(messaging('m-1')));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted', kind: 'messaging' });
    const job = await ingest.queues.unipileDeliveries.getJob(deliveryJobId(deriveDeliveryKey('messaging', messaging('m-1'))));
    expect(job?.data).toMatchObject({
      kind: 'messaging',
      route: '/api/webhooks/unipile/messaging',
      deliveryKey: 'message_received:acc-ingest:m-1',
    });
  });

  it('routes by shape, not by URL: a messaging delivery posted to the users URL is still messaging', async () => {
    const res = await post(ingest, '/api/webhooks/unipile/users', JSON.stringify(messaging('m-misrouted')));
    expect(await res.json()).toEqual({ status: 'accepted', kind: 'messaging' });
  });

  it('turns six copies of one delivery, posted at once, into one job', async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post(ingest, '/api/webhooks/unipile/messaging', JSON.stringify(messaging('m-dup')))),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const jobs = await ingest.queues.unipileDeliveries.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs.filter((j) => j.data.deliveryKey === 'message_received:acc-ingest:m-dup')).toHaveLength(1);
  });

  it('never dedupes account status deliveries', async () => {
    const body = JSON.stringify({ AccountStatus: { account_id: 'acc-status', account_type: 'LINKEDIN', message: 'OK' } });
    await post(ingest, '/api/webhooks/unipile/account-status', body);
    await post(ingest, '/api/webhooks/unipile/account-status', body);
    const jobs = await ingest.queues.unipileDeliveries.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs.filter((j) => j.data.kind === 'account_status')).toHaveLength(2);
  });

  it('accepts a delivery of an unknown kind (kept, so it can be inspected)', async () => {
    const res = await post(ingest, '/api/webhooks/unipile/messaging', JSON.stringify({ hello: 'world' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'accepted', kind: 'unknown' });
  });

  it.each([
    ['a missing secret', {}],
    ['a wrong secret', { 'Unipile-Auth': 'nope' }],
    ['the secret under another header', { 'X-Unipile-Auth': TEST_WEBHOOK_SECRET }],
  ])('answers 401 to %s and enqueues nothing', async (_label, headers) => {
    const before = await ingest.queues.unipileDeliveries.count();
    const res = await post(ingest, '/api/webhooks/unipile/messaging', JSON.stringify(messaging('m-unauth')), headers);
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthorized');
    expect(await ingest.queues.unipileDeliveries.count()).toBe(before);
  });

  it('answers 400 naming the problem for malformed JSON', async () => {
    const res = await post(ingest, '/api/webhooks/unipile/messaging', '{"event": "message_received",');
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid_json');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('answers 400 for an empty body', async () => {
    const res = await post(ingest, '/api/webhooks/unipile/messaging', '');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/empty/);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await post(
      ingest,
      '/api/webhooks/unipile/messaging',
      JSON.stringify({ ...messaging('m-big'), message: 'x'.repeat(20_000) }),
    );
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('payload_too_large');
  });

  it('answers 413 to a chunked body that grows over the limit (no Content-Length to trust)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${ingest.url}/api/webhooks/unipile/messaging`,
        { method: 'POST', headers: { 'Unipile-Auth': TEST_WEBHOOK_SECRET, 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i += 1) req.write('x'.repeat(1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers 404 on other paths', async () => {
    expect((await post(ingest, '/api/webhooks/unipile/other', '{}')).status).toBe(404);
  });
});

describe('webhook-ingest without Redis', () => {
  it('answers 503 within its enqueue timeout instead of hanging', async () => {
    // Nothing listens on port 1: the connection is refused at once, as when Redis is down.
    const enqueueTimeoutMs = 800;
    const ingest = await startIngest({ redisUrl: 'redis://127.0.0.1:1', prefix: uniquePrefix(), enqueueTimeoutMs });
    try {
      const started = Date.now();
      const res = await post(ingest, '/api/webhooks/unipile/messaging', JSON.stringify(messaging('m-down')));
      expect(res.status).toBe(503);
      // Bounded by the configured timeout, with room for a busy machine: the point is "not hanging".
      expect(Date.now() - started).toBeLessThan(enqueueTimeoutMs + 2000);
      const ready = await fetch(`${ingest.url}/readyz`);
      expect(ready.status).toBe(503);
    } finally {
      await ingest.close();
    }
  });
});
