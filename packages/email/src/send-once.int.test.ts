import { randomUUID } from 'node:crypto';
import { createDatabase, emails, type Database } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { startFakeResend, testDatabaseUrl, type FakeResend } from '@outreach/testing';
import { sendEmailOnce } from './send-once';
import { createEmailTransport } from './transport';
import { EmailDeliveryError, type EmailTransport, type OutgoingEmail } from './types';

let database: Database;
let resend: FakeResend;
let transport: EmailTransport;

beforeAll(async () => {
  database = createDatabase(testDatabaseUrl(), { max: 6 });
  resend = await startFakeResend();
  transport = createEmailTransport({ apiKey: resend.apiKey, baseUrl: resend.url, from: 'Outreach <n@outreach.test>', timeoutMs: 5000 });
});
afterAll(async () => {
  await resend.close();
  await database.close();
});

const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  clientId: null,
  kind: 'reply_notification',
  dedupeKey: `test:${randomUUID()}`,
  to: ['ops@acme.test'],
  subject: 'Ana replied',
  html: '<p>hi</p>',
  text: 'hi',
  ...overrides,
});
const rowOf = async (dedupeKey: string) => (await database.db.select().from(emails).where(eq(emails.dedupeKey, dedupeKey)))[0];
const receivedFor = (dedupeKey: string) => resend.received().filter((r) => r.idempotencyKey === dedupeKey);

describe('sendEmailOnce', () => {
  it('sends through Resend and records the provider id', async () => {
    const e = email({ headers: { 'X-Entity-Ref-ID': 'abc' } });
    const result = await sendEmailOnce(database.db, transport, e);
    expect(result.status).toBe('sent');
    const [got] = receivedFor(e.dedupeKey);
    expect(got).toMatchObject({
      from: 'Outreach <n@outreach.test>',
      to: ['ops@acme.test'],
      subject: 'Ana replied',
      html: '<p>hi</p>',
      text: 'hi',
      headers: { 'X-Entity-Ref-ID': 'abc' },
    });
    expect(await rowOf(e.dedupeKey)).toMatchObject({
      id: result.emailId,
      status: 'sent',
      transport: 'resend',
      providerMessageId: got?.id,
      attempts: 1,
    });
  });

  it('sends once when called again with the same key', async () => {
    const e = email();
    const first = await sendEmailOnce(database.db, transport, e);
    const second = await sendEmailOnce(database.db, transport, { ...e, subject: 'changed' });
    expect(second).toEqual({ emailId: first.emailId, status: 'already_sent' });
    expect(receivedFor(e.dedupeKey)).toHaveLength(1);
  });

  it('lets only one of two concurrent callers reach Resend', async () => {
    const e = email();
    const before = resend.requests();
    const results = await Promise.all([
      sendEmailOnce(database.db, transport, e),
      sendEmailOnce(database.db, transport, e),
      sendEmailOnce(database.db, transport, e),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['already_sent', 'already_sent', 'sent']);
    expect(resend.requests() - before).toBe(1);
    expect(receivedFor(e.dedupeKey)).toHaveLength(1);
  });

  describe.each([429, 500])('when Resend answers %i', (status) => {
    it('records the attempt, throws a retryable error, and sends on the next attempt', async () => {
      const e = email();
      resend.failNext(status, { name: status === 429 ? 'rate_limit_exceeded' : 'internal_server_error', message: 'try later' });
      const failure = await sendEmailOnce(database.db, transport, e).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(EmailDeliveryError);
      expect(failure).toMatchObject({ retryable: true, status });
      expect(await rowOf(e.dedupeKey)).toMatchObject({ status: 'pending', attempts: 1, errorMessage: 'try later' });

      const retry = await sendEmailOnce(database.db, transport, e);
      expect(retry.status).toBe('sent');
      expect(await rowOf(e.dedupeKey)).toMatchObject({ status: 'sent', attempts: 2, errorCode: null });
      expect(receivedFor(e.dedupeKey)).toHaveLength(1);
    });
  });

  it('records a 422 as failed with the reason and returns without throwing', async () => {
    const e = email();
    resend.failNext(422, {
      name: 'validation_error',
      message: 'Invalid `to` field. The email address needs to follow the `email@example.com` format.',
    });
    const result = await sendEmailOnce(database.db, transport, e);
    expect(result.status).toBe('failed');
    expect(await rowOf(e.dedupeKey)).toMatchObject({
      status: 'failed',
      errorCode: 'validation_error',
      errorMessage: expect.stringContaining('Invalid `to` field'),
    });
    expect(await sendEmailOnce(database.db, transport, e)).toEqual({ emailId: result.emailId, status: 'already_failed' });
    expect(receivedFor(e.dedupeKey)).toHaveLength(0);
  });

  it('records a retryable failure as failed on the final attempt', async () => {
    const e = email();
    resend.failNext(500, { name: 'internal_server_error', message: 'down' });
    const result = await sendEmailOnce(database.db, transport, e, { isFinalAttempt: true });
    expect(result.status).toBe('failed');
    expect(await rowOf(e.dedupeKey)).toMatchObject({ status: 'failed', errorCode: 'internal_server_error', attempts: 1 });
  });

  it('treats an unreachable Resend as retryable', async () => {
    const offline = createEmailTransport({ apiKey: 're_x', baseUrl: 'http://127.0.0.1:9', from: 'a@b.test', timeoutMs: 2000 });
    const e = email();
    await expect(sendEmailOnce(database.db, offline, e)).rejects.toMatchObject({ retryable: true, code: 'network_error' });
    expect(await rowOf(e.dedupeKey)).toMatchObject({ status: 'pending', errorCode: 'network_error' });
  });

  it('keeps the email in the outbox without an API key', async () => {
    const outbox = createEmailTransport({ from: 'a@b.test' });
    const e = email();
    const before = resend.requests();
    expect((await sendEmailOnce(database.db, outbox, e)).status).toBe('sent');
    expect(await rowOf(e.dedupeKey)).toMatchObject({ status: 'sent', transport: 'outbox', providerMessageId: null, html: '<p>hi</p>' });
    expect(resend.requests()).toBe(before);
  });

  it('delivers the stored content on a retry, not a re-rendered copy', async () => {
    const e = email({ subject: 'first render' });
    resend.failNext(500, { name: 'internal_server_error', message: 'down' });
    await expect(sendEmailOnce(database.db, transport, e)).rejects.toBeInstanceOf(EmailDeliveryError);
    await sendEmailOnce(database.db, transport, { ...e, subject: 'second render' });
    expect(receivedFor(e.dedupeKey).map((r) => r.subject)).toEqual(['first render']);
  });

  it('sends once when a crash came between Resend accepting and the row being marked sent', async () => {
    const e = email();
    // Resend took the email, then the process "died" before the UPDATE: the row stays pending.
    const crashing: EmailTransport = {
      name: 'resend',
      deliver: async (m) => {
        await transport.deliver(m);
        throw new Error('process killed');
      },
    };
    await expect(sendEmailOnce(database.db, crashing, e)).rejects.toBeInstanceOf(EmailDeliveryError);
    expect((await rowOf(e.dedupeKey))?.status).toBe('pending');
    const retry = await sendEmailOnce(database.db, transport, e);
    expect(retry.status).toBe('sent');
    // Same idempotency key: Resend answers with the first email instead of sending a second.
    expect(receivedFor(e.dedupeKey)).toHaveLength(1);
    expect((await rowOf(e.dedupeKey))?.providerMessageId).toBe(receivedFor(e.dedupeKey)[0]?.id);
  });
});
