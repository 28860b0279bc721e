import { UnrecoverableError, Worker } from 'bullmq';
import { emails, notifications } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { flushReplyDigestJobId, QUEUES, type FlushReplyDigestPayload } from '@outreach/queues';
import {
  insertNotifiedTenant,
  insertReplyEvent,
  notificationsOf,
  startNotifierHarness,
  type NotifierHarness,
} from '../test-support/harness';
import { digestEmailKey, processFlushReplyDigest } from './flush-reply-digest';
import { processNotifyReply } from './notify-reply';

let h: NotifierHarness;
beforeAll(async () => {
  h = await startNotifierHarness();
});
afterAll(async () => {
  await h.close();
});

const WINDOW = 15;

async function digestTenant(settings: Parameters<typeof insertNotifiedTenant>[1] = {}) {
  return insertNotifiedTenant(h.database.db, { digestMinutes: WINDOW, ...settings });
}

/** Records and notifies `count` replies of distinct leads' messages (same lead is fine for the digest). */
async function replies(t: Awaited<ReturnType<typeof digestTenant>>, count: number, from = 0): Promise<number[]> {
  const ids: number[] = [];
  for (let i = from; i < from + count; i += 1) {
    const eventId = await insertReplyEvent(h.database.db, t.lead, t.account.id, `reply number ${i}`);
    await expect(processNotifyReply(h.deps, { eventId, leadId: t.lead.id, clientId: t.client.id })).resolves.toMatchObject({
      channels: { email: 'batched' },
    });
    ids.push(eventId);
  }
  return ids;
}

/** The delayed flush jobs of one client, as the queue holds them. */
async function flushJobs(clientId: string) {
  const jobs = await h.queues.notifications.getJobs(['delayed', 'waiting', 'completed', 'failed', 'active']);
  return jobs.filter((j) => j.name === 'flush-reply-digest' && (j.data as FlushReplyDigestPayload).clientId === clientId);
}

const digestsSentTo = (clientId: string) => h.resend.received().filter((r) => r.idempotencyKey?.startsWith(`reply-digest:${clientId}:`));
const emailNotifications = (clientId: string) => h.database.db.select().from(notifications).where(eq(notifications.clientId, clientId));

describe('ten replies inside a digest window', () => {
  it('are batched behind one delayed flush, which sends them as one email', async () => {
    const t = await digestTenant();
    const eventIds = await replies(t, 10);

    expect(h.resend.received().filter((r) => r.to.includes('ops@acme.test') && r.subject.includes('reply number'))).toHaveLength(0);
    const jobs = await flushJobs(t.client.id);
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    expect(await job.getState()).toBe('delayed');
    expect(job.opts.delay).toBeGreaterThan((WINDOW - 1) * 60_000);
    expect(job.opts.delay).toBeLessThanOrEqual(WINDOW * 60_000);
    const [opener] = await notificationsOf(h.database.db, eventIds[0]!);
    expect(job.data).toEqual({ clientId: t.client.id, windowKey: opener?.id });
    expect(job.id).toBe(flushReplyDigestJobId(t.client.id, opener!.id));

    // The window closes: run what the delayed job runs.
    const result = await processFlushReplyDigest(h.deps, job.data as FlushReplyDigestPayload);
    expect(result).toMatchObject({ outcome: 'sent', replies: 10 });

    const sent = digestsSentTo(t.client.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toBe('10 new LinkedIn replies: Ana Silva, Ana Silva and 8 others');
    for (let i = 0; i < 10; i += 1) expect(sent[0]?.text).toContain(`> reply number ${i}`);
    const [email] = await h.database.db
      .select()
      .from(emails)
      .where(eq(emails.dedupeKey, digestEmailKey(t.client.id, opener!.id)));
    expect(email).toMatchObject({ status: 'sent', kind: 'reply_digest', providerMessageId: sent[0]?.id });
    const rows = await emailNotifications(t.client.id);
    expect(rows).toHaveLength(10);
    expect(rows.every((n) => n.status === 'sent' && n.emailId === email?.id && n.sentAt instanceof Date)).toBe(true);
  });

  it('sends the digest once however often the flush and the replies run again', async () => {
    const t = await digestTenant();
    const eventIds = await replies(t, 3);
    const [job] = await flushJobs(t.client.id);
    await processFlushReplyDigest(h.deps, job!.data as FlushReplyDigestPayload);
    await expect(processFlushReplyDigest(h.deps, job!.data as FlushReplyDigestPayload)).resolves.toMatchObject({
      outcome: 'unchanged',
      replies: 3,
    });
    for (const eventId of eventIds) {
      await expect(processNotifyReply(h.deps, { eventId, leadId: t.lead.id, clientId: t.client.id })).resolves.toMatchObject({
        channels: { email: 'unchanged' },
      });
    }
    expect(digestsSentTo(t.client.id)).toHaveLength(1);
    expect(await flushJobs(t.client.id)).toHaveLength(1);
  });
});

describe('a reply after the window was flushed', () => {
  it('opens the next window with its own flush and email', async () => {
    const t = await digestTenant();
    await replies(t, 2);
    const [first] = await flushJobs(t.client.id);
    await processFlushReplyDigest(h.deps, first!.data as FlushReplyDigestPayload);

    const [late] = await replies(t, 1, 2);
    const jobs = await flushJobs(t.client.id);
    expect(jobs).toHaveLength(2);
    const [lateRow] = await notificationsOf(h.database.db, late!);
    const next = jobs.find((j) => j.id !== first!.id);
    expect(next?.data).toEqual({ clientId: t.client.id, windowKey: lateRow?.id });

    await expect(processFlushReplyDigest(h.deps, next!.data as FlushReplyDigestPayload)).resolves.toMatchObject({
      outcome: 'sent',
      replies: 1,
    });
    const sent = digestsSentTo(t.client.id);
    expect(sent).toHaveLength(2);
    // A window of one reply reads like a normal reply notification.
    expect(sent[1]?.subject).toBe('Ana Silva replied · Q3 founders');
  });
});

describe('when Resend fails the digest', () => {
  it('keeps the replies batched on 500 and sends them on the retry', async () => {
    const t = await digestTenant();
    await replies(t, 2);
    const [job] = await flushJobs(t.client.id);
    h.resend.failNext(500, { name: 'internal_server_error', message: 'down' });
    await expect(processFlushReplyDigest(h.deps, job!.data as FlushReplyDigestPayload)).rejects.toMatchObject({ retryable: true });
    const pending = await emailNotifications(t.client.id);
    expect(pending.every((n) => n.status === 'batched' && n.emailId !== null && n.errorCode === 'internal_server_error')).toBe(true);

    await expect(processFlushReplyDigest(h.deps, job!.data as FlushReplyDigestPayload)).resolves.toMatchObject({
      outcome: 'sent',
      replies: 2,
    });
    expect(digestsSentTo(t.client.id)).toHaveLength(1);
    expect((await emailNotifications(t.client.id)).every((n) => n.status === 'sent')).toBe(true);
  });

  it('marks the replies failed with the reason on 422', async () => {
    const t = await digestTenant();
    await replies(t, 2);
    const [job] = await flushJobs(t.client.id);
    h.resend.failNext(422, { name: 'validation_error', message: 'Invalid `from` field.' });
    await expect(processFlushReplyDigest(h.deps, job!.data as FlushReplyDigestPayload)).resolves.toMatchObject({ outcome: 'failed' });
    const rows = await emailNotifications(t.client.id);
    expect(rows.every((n) => n.status === 'failed' && n.errorMessage === 'Invalid `from` field.')).toBe(true);
  });
});

describe('when notifications were switched off during the window', () => {
  it('records the batched replies as skipped and sends nothing', async () => {
    const t = await digestTenant();
    await replies(t, 2);
    const [job] = await flushJobs(t.client.id);
    const deps = { ...h.deps, options: { ...h.deps.options, notificationsEnabled: false } };
    await expect(processFlushReplyDigest(deps, job!.data as FlushReplyDigestPayload)).resolves.toEqual({
      outcome: 'skipped',
      replies: 2,
      reason: 'notifications_disabled',
    });
    expect((await emailNotifications(t.client.id)).every((n) => n.status === 'skipped' && n.errorCode === 'notifications_disabled')).toBe(
      true,
    );
    expect(digestsSentTo(t.client.id)).toHaveLength(0);
  });
});

describe('a flush that failed for good before claiming its window', () => {
  it('is retried when the next reply of that window arrives, instead of leaving it stranded', async () => {
    const t = await digestTenant();
    await replies(t, 1);
    const [job] = await flushJobs(t.client.id);
    await job!.promote();
    // Take the job by hand and fail it for good, as ten failed attempts (say, Postgres down) would.
    const worker = new Worker(QUEUES.notifications, null, { connection: h.redis, prefix: h.prefix, autorun: false });
    try {
      const active = await worker.getNextJob('test-token');
      expect(active?.id).toBe(job!.id);
      await active!.moveToFailed(new UnrecoverableError('database unavailable'), 'test-token');
      expect(await job!.getState()).toBe('failed');

      await replies(t, 1, 1);
      expect(['waiting', 'prioritized']).toContain(await job!.getState());
      expect(await flushJobs(t.client.id)).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });
});
