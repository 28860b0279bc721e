import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestSandbox, type TestSandbox } from './testing/fixture';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';

const RETRY_DELAYS = [20, 40, 80, 160, 320];

describe('unipile sandbox: webhook delivery mechanics', () => {
  let t: TestSandbox;
  let receiver: WebhookReceiver;
  let accountId: string;
  let personId: string;

  beforeAll(async () => {
    t = await startTestSandbox({ webhookRetryDelaysMs: RETRY_DELAYS });
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    accountId = (await t.control.createAccount({ name: 'Hook Owner' })).id;
    personId = (await t.control.createPerson({ first_name: 'Pat', last_name: 'Reply' })).provider_id;
    await t.control.connect({ account_id: accountId, provider_id: personId });
  });
  afterEach(async () => {
    await t.control.clearFaults();
    await receiver.close();
  });

  const createHook = async (headers: Array<{ key: string; value: string }>, url = `${receiver.url}/hooks`): Promise<string> => {
    const res = await t.api('POST', '/webhooks', {
      json: {
        source: 'messaging',
        request_url: url,
        name: 'test-messaging',
        account_ids: [accountId],
        events: ['message_received'],
        headers,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ object: 'WebhookCreated', webhook_id: expect.any(String) });
    return res.body.webhook_id as string;
  };
  const reply = (text = 'hello') => t.control.reply(personId, { account_id: accountId, text });

  it('sends only the configured headers: no content-type, no user-agent, no accept', async () => {
    await createHook([{ key: 'Unipile-Auth', value: 's3cret' }]);
    await reply();
    const [req] = await receiver.waitFor(1);
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/hooks');
    expect(Object.keys(req?.headers ?? {}).sort()).toEqual(['connection', 'content-length', 'host', 'unipile-auth']);
    expect(req?.headers['unipile-auth']).toBe('s3cret');
    expect(req?.headers['content-type']).toBeUndefined();
    expect(req?.json).toMatchObject({ event: 'message_received', message: 'hello', webhook_name: 'test-messaging' });
  });

  it('sends a Content-Type only when the registration configures one', async () => {
    await createHook([{ key: 'Content-Type', value: 'application/json' }]);
    await reply();
    const [req] = await receiver.waitFor(1);
    expect(req?.headers['content-type']).toBe('application/json');
  });

  it('retries a failing endpoint with growing delays and logs every attempt', async () => {
    const webhookId = await createHook([]);
    receiver.respondWith((_req, index) => (index < 3 ? 500 : 200));
    await reply();
    const requests = await receiver.waitFor(4);
    const gaps = requests.slice(1).map((r, i) => r.at - (requests[i]?.at ?? 0));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual((RETRY_DELAYS[i] ?? 0) - 2));
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect((await t.control.settle()).settled).toBe(true);
    const log = await t.control.deliveries({ webhook_id: webhookId });
    expect(log.pending).toBe(0);
    expect(log.items.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    expect(log.deliveries).toEqual([expect.objectContaining({ state: 'delivered', attempts: 4, event: 'message_received' })]);
    expect(log.items[0]?.headers).toEqual({
      Host: new URL(receiver.url).host,
      Connection: 'close',
      'Content-Length': String(Buffer.byteLength(log.items[0]?.body ?? '')),
    });
  });

  it('gives up after the first attempt and 5 retries', async () => {
    const webhookId = await createHook([]);
    receiver.respondWith(() => 503);
    await reply();
    await receiver.waitFor(6);
    expect((await t.control.settle()).settled).toBe(true);
    const log = await t.control.deliveries({ webhook_id: webhookId });
    expect(log.items).toHaveLength(6);
    expect(log.deliveries[0]?.state).toBe('failed');
    expect(receiver.requests).toHaveLength(6);
  });

  it('records connection errors as failed attempts', async () => {
    const dead = await startWebhookReceiver();
    await dead.close();
    const webhookId = await createHook([], `${dead.url}/gone`);
    await reply();
    expect((await t.control.settle()).settled).toBe(true);
    const log = await t.control.deliveries({ webhook_id: webhookId });
    expect(log.items).toHaveLength(6);
    expect(log.items.every((a) => a.status === null && typeof a.error === 'string')).toBe(true);
  });

  it('treats an endpoint slower than the timeout as a failed attempt', async () => {
    const hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const quick = await startTestSandbox({ webhookTimeoutMs: 50, webhookRetryDelaysMs: [10] });
    try {
      const account = await quick.control.createAccount({ name: 'Timeout Owner' });
      const person = await quick.control.createPerson({ first_name: 'Slow', last_name: 'Endpoint' });
      const { port } = hanging.address() as AddressInfo;
      await quick.api('POST', '/webhooks', { json: { source: 'messaging', request_url: `http://127.0.0.1:${port}/slow` } });
      await quick.control.reply(person.provider_id, { account_id: account.id, text: 'hi' });
      expect((await quick.control.settle()).settled).toBe(true);
      const log = await quick.control.deliveries();
      expect(log.items.map((a) => [a.attempt, a.status, a.error])).toEqual([
        [1, null, 'timeout after 50 ms'],
        [2, null, 'timeout after 50 ms'],
      ]);
      expect(log.deliveries[0]?.state).toBe('failed');
    } finally {
      await quick.close();
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  describe('faults', () => {
    it('drop: the next matching delivery never arrives', async () => {
      const webhookId = await createHook([]);
      await t.control.addWebhookFault({ mode: 'drop', match: { event: 'message_received', account_id: accountId } });
      await reply('lost');
      await reply('kept');
      await receiver.waitFor(1);
      expect((await t.control.settle()).settled).toBe(true);
      expect(receiver.requests.map((r) => (r.json as { message: string }).message)).toEqual(['kept']);
      const log = await t.control.deliveries({ webhook_id: webhookId });
      expect(log.deliveries.map((d) => [d.state, d.fault])).toEqual([
        ['dropped', 'drop'],
        ['delivered', null],
      ]);
    });

    it('duplicate: the delivery arrives `copies` times with identical bodies', async () => {
      await createHook([]);
      await t.control.addWebhookFault({ mode: 'duplicate', copies: 3 });
      await reply('twice?');
      const requests = await receiver.waitFor(3);
      expect(new Set(requests.map((r) => r.body)).size).toBe(1);
      expect((await t.control.settle()).settled).toBe(true);
      expect(receiver.requests).toHaveLength(3);
    });

    it('fail: the first attempt counts as failed and the retry delivers', async () => {
      const webhookId = await createHook([]);
      await t.control.addWebhookFault({ mode: 'fail' });
      await reply();
      await receiver.waitFor(1);
      expect((await t.control.settle()).settled).toBe(true);
      const log = await t.control.deliveries({ webhook_id: webhookId });
      expect(log.items.map((a) => [a.attempt, a.status])).toEqual([
        [1, null],
        [2, 200],
      ]);
    });

    it('delay: the delivery arrives after delay_ms', async () => {
      await createHook([]);
      await t.control.addWebhookFault({ mode: 'delay', delay_ms: 120 });
      const before = Date.now();
      await reply();
      const [req] = await receiver.waitFor(1);
      expect((req?.at ?? 0) - before).toBeGreaterThanOrEqual(118);
    });
  });

  it('lists and deletes registrations', async () => {
    const webhookId = await createHook([{ key: 'Unipile-Auth', value: 'x' }]);
    const list = await t.api('GET', '/webhooks');
    expect(list.body.object).toBe('WebhookList');
    expect(list.body.items.find((w: { id: string }) => w.id === webhookId)).toMatchObject({
      object: 'Webhook',
      type: 'AUTO',
      account_ids: [{ id: accountId, name: 'Hook Owner', type: 'LINKEDIN' }],
      enabled: true,
      name: 'test-messaging',
      request_url: `${receiver.url}/hooks`,
      format: 'json',
      headers: [{ key: 'Unipile-Auth', value: 'x' }],
      events: ['message_received'],
      source: 'messaging',
    });
    expect((await t.api('DELETE', `/webhooks/${webhookId}`)).body).toEqual({ object: 'WebhookDeleted' });
    expect((await t.api('DELETE', `/webhooks/${webhookId}`)).status).toBe(404);
    await reply();
    expect((await t.control.settle()).settled).toBe(true);
    expect(receiver.requests).toHaveLength(0);
  });
});
