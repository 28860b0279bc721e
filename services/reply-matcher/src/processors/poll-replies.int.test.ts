import { events, leads } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { enqueue, processDeliveryJob } from '@outreach/queues';
import { insertLead, insertTenant, waitFor } from '@outreach/testing';
import { startMatcherHarness, type MatcherHarness } from '../test-support/harness';
import { deliveryOf, messageReceived } from '../test-support/payloads';
import { startMatcherWorkers, type MatcherWorkers } from '../workers';
import { processPollReplies } from './poll-replies';
import { processProcessDelivery } from './process-delivery';
import { retuneReplyPoller } from './sync-reply-pollers';

let h: MatcherHarness;
beforeAll(async () => {
  h = await startMatcherHarness({ intervalMs: 300, degradedIntervalMs: 200, lookbackMinutes: 30 });
});
afterAll(async () => {
  await h.close();
});

async function world() {
  const account = await h.control.createAccount({ name: 'Poll Sender' });
  const tenant = await insertTenant(h.database.db, { unipileAccountId: account.id, providerUserId: account.connection_params.im.id });
  const person = await h.control.createPerson({ first_name: 'Jonathan', last_name: 'Pollard' });
  return { account, tenant, person };
}
const leadRow = async (id: string) => (await h.database.db.select().from(leads).where(eq(leads.id, id)))[0];
const repliesOf = (leadId: string) =>
  h.database.db
    .select()
    .from(events)
    .where(and(eq(events.leadId, leadId), eq(events.type, 'message_received')));

describe('reply polling', () => {
  it('records a reply no webhook announced, once, with detection polling', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status: 'messaged' });
    // No webhook is registered in this sandbox: the reply exists only in Unipile's message list.
    await h.control.reply(w.person.provider_id, { account_id: w.account.id, text: 'Saw this late, yes please' });

    const first = await processPollReplies(h.deps, { linkedinAccountId: w.tenant.account.id, lookbackMinutes: 30, reason: 'on_demand' });
    expect(first).toMatchObject({ newRepliesRecorded: 1, unseen: 1 });
    expect((await leadRow(lead.id))?.status).toBe('responded');
    const replies = await repliesOf(lead.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.meta).toMatchObject({ detection: 'polling', text: 'Saw this late, yes please' });

    const second = await processPollReplies(h.deps, { linkedinAccountId: w.tenant.account.id, lookbackMinutes: 30, reason: 'on_demand' });
    expect(second).toMatchObject({ newRepliesRecorded: 0, unseen: 0 });
    expect(await repliesOf(lead.id)).toHaveLength(1);
  });

  it('does not record again a reply the webhook already recorded', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status: 'messaged' });
    const sent = await h.control.reply(w.person.provider_id, { account_id: w.account.id, text: 'Via webhook' });
    const body = messageReceived({
      accountId: w.account.id,
      ownId: w.account.connection_params.im.id,
      from: w.person,
      chatId: sent.chat_id,
      messageId: sent.message_id,
    });
    await processProcessDelivery(h.deps, deliveryOf(body));
    const polled = await processPollReplies(h.deps, { linkedinAccountId: w.tenant.account.id, lookbackMinutes: 30, reason: 'on_demand' });
    expect(polled.newRepliesRecorded).toBe(0);
    expect(await repliesOf(lead.id)).toHaveLength(1);
  });
});

describe('through the queues', () => {
  let workers: MatcherWorkers;
  beforeAll(async () => {
    workers = await startMatcherWorkers(h.deps, { connection: h.redis, prefix: h.prefix, concurrency: 4, lockDurationMs: 5000 });
  });
  // Closing waits for the jobs in hand (a poll may still be paging the sandbox on a busy machine).
  afterAll(async () => {
    await workers.close();
  }, 30_000);

  it('processes an enqueued delivery', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const body = messageReceived({
      accountId: w.account.id,
      ownId: w.account.connection_params.im.id,
      from: w.person,
      chatId: 'chat-q',
      messageId: `msg-q-${lead.id}`,
    });
    const job = await enqueue(h.queues, processDeliveryJob, deliveryOf(body));
    await waitFor(async () => (await job.getState()) === 'completed', { what: 'delivery job completed' });
    const done = await h.queues.unipileDeliveries.getJob(job.id!);
    expect(done?.returnvalue).toEqual({ outcome: 'matched', duplicate: false, lead_id: lead.id });
    expect(await leadRow(lead.id)).toMatchObject({ status: 'responded' });
    expect((await repliesOf(lead.id)).map((e) => e.externalId)).toEqual([`msg-q-${lead.id}`]);
  });

  it('sends a payload that does not match its schema to the failed set', async () => {
    const job = await h.queues.unipileDeliveries.add('process-delivery', { nonsense: true }, { attempts: 3 });
    await waitFor(async () => (await job.getState()) === 'failed', { what: 'job failed' });
    const failed = await h.queues.unipileDeliveries.getJob(job.id!);
    expect(failed?.failedReason).toMatch(/invalid process-delivery payload/);
    expect(failed?.attemptsMade).toBe(1);
  });

  it('finds a reply by the per-account poller within one interval', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status: 'messaged' });
    await h.control.reply(w.person.provider_id, { account_id: w.account.id, text: 'Polling finds me' });
    // Only this account's poller: the other tests of this file leave accounts of their own behind.
    await retuneReplyPoller(h.deps, w.tenant.account.id);
    const poller = await h.queues.replyBackfill.getJobScheduler(`poll-replies-${w.tenant.account.id}`);
    expect(poller?.every).toBe(300);
    await waitFor(async () => (await leadRow(lead.id))?.status === 'responded', { what: 'reply found by polling', timeoutMs: 5000 });
  });
});
