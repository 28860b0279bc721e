import { emails, notifications } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { enqueue, notifyReplyJob, type FlushReplyDigestPayload } from '@outreach/queues';
import { waitFor } from '@outreach/testing';
import { insertNotifiedTenant, insertReplyEvent, startNotifierHarness, type NotifierHarness } from './test-support/harness';
import { startNotifierWorkers, type NotifierWorkers } from './workers';

let h: NotifierHarness;
let workers: NotifierWorkers;
beforeAll(async () => {
  h = await startNotifierHarness();
  workers = await startNotifierWorkers(h.deps, { connection: h.redis, prefix: h.prefix, concurrency: 4 });
});
afterAll(async () => {
  await workers.close();
  await h.close();
});

const emailSent = async (dedupeKey: string) => {
  const [row] = await h.database.db.select().from(emails).where(eq(emails.dedupeKey, dedupeKey));
  return row?.status === 'sent' ? row : undefined;
};

describe('the notifications queue', () => {
  it('turns a notify-reply job into one email, and a duplicate enqueue into nothing more', async () => {
    const t = await insertNotifiedTenant(h.database.db);
    const eventId = await insertReplyEvent(h.database.db, t.lead, t.account.id, 'Yes please <b>call</b> me');
    const payload = { eventId, leadId: t.lead.id, clientId: t.client.id };
    const job = await enqueue(h.queues, notifyReplyJob, payload);
    await enqueue(h.queues, notifyReplyJob, payload);

    const email = await waitFor(() => emailSent(`reply:${eventId}`), { what: 'the reply email' });
    await waitFor(async () => (await job.getState()) === 'completed', { what: 'the job to complete' });
    const sent = h.resend.received().filter((r) => r.idempotencyKey === `reply:${eventId}`);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.html).toContain('Yes please &lt;b&gt;call&lt;/b&gt; me');
    expect(email.providerMessageId).toBe(sent[0]?.id);
  });

  it('retries a job whose email Resend refused with 500, and sends it once', async () => {
    const t = await insertNotifiedTenant(h.database.db);
    const eventId = await insertReplyEvent(h.database.db, t.lead, t.account.id, 'retry me');
    h.resend.failNext(500, { name: 'internal_server_error', message: 'down' });
    const job = await enqueue(h.queues, notifyReplyJob, { eventId, leadId: t.lead.id, clientId: t.client.id });

    await waitFor(() => emailSent(`reply:${eventId}`), { what: 'the email after a retry', timeoutMs: 20_000 });
    // The row is written before the job completes: wait for BullMQ to record the attempt too.
    // The state first, then the job: a job read before it finished would show an older attempt count.
    const done = await waitFor(
      async () =>
        (await h.queues.notifications.getJobState(job.id!)) === 'completed' ? h.queues.notifications.getJob(job.id!) : undefined,
      {
        what: 'the job to complete',
      },
    );
    // Two attempts: the one Resend refused and the one that sent.
    expect(done?.attemptsMade).toBe(2);
    expect((await emailSent(`reply:${eventId}`))?.attempts).toBe(2);
    expect(h.resend.received().filter((r) => r.idempotencyKey === `reply:${eventId}`)).toHaveLength(1);
  });

  it('sends ten replies inside a digest window as one email when the delayed flush comes due', async () => {
    const t = await insertNotifiedTenant(h.database.db, { digestMinutes: 30 });
    for (let i = 0; i < 10; i += 1) {
      const eventId = await insertReplyEvent(h.database.db, t.lead, t.account.id, `digest reply ${i}`);
      await enqueue(h.queues, notifyReplyJob, { eventId, leadId: t.lead.id, clientId: t.client.id });
    }
    await waitFor(
      async () => {
        const rows = await h.database.db.select().from(notifications).where(eq(notifications.clientId, t.client.id));
        return rows.length === 10 && rows.every((n) => n.status === 'batched');
      },
      { what: 'ten batched notifications' },
    );
    const delayed = (await h.queues.notifications.getJobs(['delayed'])).filter(
      (j) => (j.data as FlushReplyDigestPayload).clientId === t.client.id,
    );
    expect(delayed).toHaveLength(1);
    expect(h.resend.received().filter((r) => r.idempotencyKey?.startsWith(`reply-digest:${t.client.id}`))).toHaveLength(0);

    // The window closes now rather than in 30 minutes.
    await delayed[0]!.promote();
    await waitFor(
      async () => {
        const rows = await h.database.db.select().from(notifications).where(eq(notifications.clientId, t.client.id));
        return rows.every((n) => n.status === 'sent');
      },
      { what: 'the digest to be sent' },
    );
    const digests = h.resend.received().filter((r) => r.idempotencyKey?.startsWith(`reply-digest:${t.client.id}`));
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toMatch(/^10 new LinkedIn replies/);
  });

  it('fails a job with an invalid payload at once, without retries', async () => {
    const job = await h.queues.notifications.add('notify-reply', { eventId: 'nope' }, { attempts: 5 });
    await waitFor(async () => (await job.getState()) === 'failed', { what: 'the job to fail' });
    const failed = await h.queues.notifications.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toContain('invalid notify-reply payload');
  });
});
