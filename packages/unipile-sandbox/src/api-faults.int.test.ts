import { formOf, startTestSandbox, TEST_KEY, type TestSandbox } from './testing/fixture';

describe('unipile sandbox: API fault injection', () => {
  let t: TestSandbox;
  let accountId: string;

  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    accountId = (await t.control.createAccount({ name: 'Fault Owner' })).id;
  });
  afterEach(() => t.control.clearFaults());

  it('answers the injected error for the next matching call only, matching on JSON fields', async () => {
    const [a, b] = await Promise.all(['A', 'B'].map((n) => t.control.createPerson({ first_name: n, last_name: 'Fault' })));
    await t.control.addApiFault({
      method: 'POST',
      path: '/api/v1/users/invite',
      status: 429,
      type: 'too_many_requests',
      detail: 'slow down',
      headers: { 'Retry-After': '60' },
      match_body: { provider_id: a?.provider_id },
    });
    const invite = (providerId: string | undefined) =>
      t.api('POST', '/users/invite', { json: { account_id: accountId, provider_id: providerId } });
    expect((await invite(b?.provider_id)).status).toBe(200);
    const faulted = await invite(a?.provider_id);
    expect(faulted.status).toBe(429);
    expect(faulted.headers.get('retry-after')).toBe('60');
    expect(faulted.body).toEqual({
      status: 429,
      type: 'errors/too_many_requests',
      title: 'Too many requests',
      detail: 'slow down',
      instance: '/api/v1/users/invite',
    });
    expect((await invite(a?.provider_id)).status).toBe(200);
    expect((await t.control.sent(accountId)).invitations).toHaveLength(2);
  });

  it('matches a path prefix and a count', async () => {
    await t.control.addApiFault({ method: 'GET', path: '/api/v1/users', status: 503, type: 'service_unavailable', count: 2 });
    expect((await t.api('GET', `/users/relations?account_id=${accountId}`)).status).toBe(503);
    expect((await t.api('GET', `/users/invite/sent?account_id=${accountId}`)).body.type).toBe('errors/service_unavailable');
    expect((await t.api('GET', `/users/relations?account_id=${accountId}`)).status).toBe(200);
    expect((await t.control.listFaults()).api).toEqual([]);
  });

  it('matches multipart fields, including repeated keys', async () => {
    const p = await t.control.createPerson({ first_name: 'Multi', last_name: 'Part' });
    await t.control.connect({ account_id: accountId, provider_id: p.provider_id });
    await t.control.addApiFault({
      method: 'POST',
      path: '/api/v1/chats',
      status: 500,
      type: 'provider_error',
      match_body: { attendees_ids: p.provider_id },
    });
    const res = await t.api('POST', '/chats', { form: formOf({ account_id: accountId, attendees_ids: [p.provider_id], text: 'hi' }) });
    expect(res.body).toMatchObject({ status: 500, type: 'errors/provider_error' });
    expect((await t.control.sent(accountId)).messages).toEqual([]);
  });

  it('status 0 hangs for delay_ms and then drops the connection (client timeouts)', async () => {
    await t.control.addApiFault({ method: 'GET', path: '/api/v1/accounts', status: 0, delay_ms: 200, count: 2 });
    const url = `${t.sandbox.url}/api/v1/accounts`;
    await expect(fetch(url, { headers: { 'X-API-KEY': TEST_KEY }, signal: AbortSignal.timeout(50) })).rejects.toThrow(/aborted|timeout/i);
    const started = Date.now();
    await expect(fetch(url, { headers: { 'X-API-KEY': TEST_KEY } })).rejects.toThrow(/fetch failed/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect((await t.api('GET', '/accounts')).status).toBe(200);
  });

  it('delays an injected error response by delay_ms', async () => {
    await t.control.addApiFault({ method: '*', path: '/api/v1/messages*', status: 504, type: 'request_timeout', delay_ms: 80 });
    const started = Date.now();
    const res = await t.api('GET', '/messages');
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('a 2xx fault holds the call for delay_ms, then lets it succeed for real', async () => {
    const p = await t.control.createPerson({ first_name: 'Slow', last_name: 'Call' });
    await t.control.addApiFault({ method: 'POST', path: '/api/v1/users/invite', status: 200, delay_ms: 150 });
    const started = Date.now();
    const res = await t.api('POST', '/users/invite', { json: { account_id: accountId, provider_id: p.provider_id } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'UserInvitationSent' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect((await t.control.sent(accountId)).invitations.map((i) => i.provider_id)).toEqual([p.provider_id]);
  });

  it('rejects an invalid fault with 400', async () => {
    await expect(t.control.addApiFault({ method: 'GET', path: 'no-slash', status: 500, type: 'x' })).rejects.toMatchObject({ status: 400 });
  });
});
