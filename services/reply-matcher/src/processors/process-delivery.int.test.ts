import { randomUUID } from 'node:crypto';
import { events, leads, linkedinAccounts, outboundActions, webhookDeliveries } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { notifyReplyJobId } from '@outreach/queues';
import { insertAccount, insertCampaign, insertClient, insertLead, insertTenant } from '@outreach/testing';
import type { PersonView } from '@outreach/unipile-sandbox';
import { startMatcherHarness, type MatcherHarness } from '../test-support/harness';
import { attendee, deliveryOf, messageReceived } from '../test-support/payloads';
import { processProcessDelivery } from './process-delivery';

let h: MatcherHarness;
beforeAll(async () => {
  h = await startMatcherHarness();
});
afterAll(async () => {
  await h.close();
});

/** A sandbox account mirrored by a tenant in our database, and one sandbox person. */
async function world() {
  const account = await h.control.createAccount({ name: 'Sam Sender', own: { first_name: 'Sam', last_name: 'Sender' } });
  const ownId = account.connection_params.im.id;
  const tenant = await insertTenant(h.database.db, { unipileAccountId: account.id, providerUserId: ownId });
  const person = await h.control.createPerson({ first_name: 'Ana', last_name: 'Silva' });
  return { accountId: account.id, ownId, tenant, person };
}

const leadRow = async (id: string) => (await h.database.db.select().from(leads).where(eq(leads.id, id)))[0];
const repliesOf = (leadId: string) =>
  h.database.db
    .select()
    .from(events)
    .where(and(eq(events.leadId, leadId), eq(events.type, 'message_received')));
const deliveryRow = async (key: string) =>
  (await h.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deliveryKey, key)))[0];

const inbound = (w: Awaited<ReturnType<typeof world>>, person: PersonView = w.person, extra: Record<string, unknown> = {}) => ({
  ...messageReceived({
    accountId: w.accountId,
    ownId: w.ownId,
    from: person,
    chatId: `chat-${randomUUID()}`,
    messageId: `msg-${randomUUID()}`,
  }),
  ...extra,
});

describe('message_received', () => {
  it('records a reply from the real capture shape: one event, lead responded, one notification job', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status: 'messaged' });
    const body = inbound(w);
    const result = await processProcessDelivery(h.deps, deliveryOf(body));

    expect(result).toMatchObject({ outcome: 'matched', leadId: lead.id, matchKey: 'provider_id' });
    const updated = await leadRow(lead.id);
    expect(updated?.status).toBe('responded');
    expect(updated?.repliedAt).toBeInstanceOf(Date);
    expect(updated?.conversationId).toBe(body.chat_id);
    const replies = await repliesOf(lead.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.meta).toMatchObject({
      detection: 'webhook',
      chat_id: body.chat_id,
      unipile_message_id: body.message_id,
      text: 'Thanks, interested!',
    });
    const job = await h.queues.notifications.getJob(notifyReplyJobId(replies[0]!.id));
    expect(job?.data).toEqual({ eventId: replies[0]!.id, leadId: lead.id, clientId: lead.clientId });
    expect(await deliveryRow(deliveryOf(body).deliveryKey)).toMatchObject({ outcome: 'matched', leadId: lead.id, matchKey: 'provider_id' });
  });

  it('turns the same delivery six times into one event and one notification job', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const delivery = deliveryOf(inbound(w));
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await processProcessDelivery(h.deps, delivery));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    const replies = await repliesOf(lead.id);
    expect(replies).toHaveLength(1);
    const jobs = await h.queues.notifications.getJobs(['waiting', 'delayed', 'completed', 'active']);
    expect(jobs.filter((j) => j.data.leadId === lead.id)).toHaveLength(1);
    expect((await deliveryRow(delivery.deliveryKey))?.attempts).toBe(6);
  });

  it('enqueues the notification again when a crash came between the commit and the enqueue', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const delivery = deliveryOf(inbound(w));
    await processProcessDelivery(h.deps, delivery);
    const [reply] = await repliesOf(lead.id);
    // As if the process died right after the reply transaction committed.
    await h.queues.notifications.remove(notifyReplyJobId(reply!.id));
    expect(await h.queues.notifications.getJob(notifyReplyJobId(reply!.id))).toBeUndefined();

    const retried = await processProcessDelivery(h.deps, delivery);
    expect(retried.duplicate).toBe(true);
    expect((await h.queues.notifications.getJob(notifyReplyJobId(reply!.id)))?.data).toEqual({
      eventId: reply!.id,
      leadId: lead.id,
      clientId: reply!.clientId,
    });
    expect(await repliesOf(lead.id)).toHaveLength(1);
  });

  it('processes concurrent copies of one delivery once', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const delivery = deliveryOf(inbound(w));
    // Every copy must finish cleanly: a copy that threw would be retried by the queue, which hides nothing here.
    const results = await Promise.all(Array.from({ length: 4 }, () => processProcessDelivery(h.deps, delivery)));
    expect(results.map((r) => r.outcome)).toEqual(['matched', 'matched', 'matched', 'matched']);
    expect(results.filter((r) => r.log.new_event === true)).toHaveLength(1);
    expect(await repliesOf(lead.id)).toHaveLength(1);
    const notifications = (
      await h.queues.notifications.getJobs(['waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed'])
    ).filter((j) => j?.data?.leadId === lead.id);
    expect(notifications.map((j) => j.name)).toEqual(['notify-reply']);
  });

  it('finds the sender in attendees when `sender` is absent', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const body: Record<string, unknown> = inbound(w);
    delete body.sender;
    body.attendees = [attendee({ provider_id: w.ownId, member_id: '1', first_name: 'Sam', last_name: 'Sender' }), attendee(w.person)];
    expect(await processProcessDelivery(h.deps, deliveryOf(body))).toMatchObject({ outcome: 'matched', leadId: lead.id });
  });

  it('fetches the chat when the payload has only chat_id and message_id', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const sent = await h.control.reply(w.person.provider_id, { account_id: w.accountId, text: 'Only a chat id' });
    const body = { event: 'message_received', account_id: w.accountId, chat_id: sent.chat_id, message_id: sent.message_id };
    const result = await processProcessDelivery(h.deps, deliveryOf(body));
    expect(result).toMatchObject({ outcome: 'matched', leadId: lead.id });
    expect(result.log).toMatchObject({ fetched_chat: true, sender_id: w.person.provider_id });
  });

  it('never counts an own-message echo (is_sender true) as a reply', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status: 'messaged' });
    const body = inbound(w, w.person, { is_sender: true });
    body.sender = attendee({ provider_id: w.ownId, member_id: '1', first_name: 'Sam', last_name: 'Sender' });
    expect((await processProcessDelivery(h.deps, deliveryOf(body))).outcome).toBe('own_message');
    expect((await leadRow(lead.id))?.status).toBe('messaged');
    expect(await repliesOf(lead.id)).toHaveLength(0);
  });

  it('decides direction from the account id when is_sender is missing', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status: 'messaged' });
    const own = inbound(w);
    delete (own as Record<string, unknown>).is_sender;
    own.sender = attendee({ provider_id: w.ownId, member_id: '1', first_name: 'Sam', last_name: 'Sender' });
    expect((await processProcessDelivery(h.deps, deliveryOf(own))).outcome).toBe('own_message');

    const theirs = inbound(w, w.person, { is_sender: null });
    expect(await processProcessDelivery(h.deps, deliveryOf(theirs))).toMatchObject({ outcome: 'matched', leadId: lead.id });
  });

  it('learns the account id from the stored account when the payload lacks account_info', async () => {
    const w = await world();
    await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const own: Record<string, unknown> = inbound(w);
    delete own.account_info;
    delete own.is_sender;
    own.sender = attendee({ provider_id: w.ownId, member_id: '1', first_name: 'Sam', last_name: 'Sender' });
    expect((await processProcessDelivery(h.deps, deliveryOf(own))).outcome).toBe('own_message');
  });

  it.each([
    ['numeric', (p: PersonView) => p.member_id],
    ['urn:li:member', (p: PersonView) => `urn:li:member:${p.member_id}`],
  ])('resolves a %s member id through a profile lookup to a lead known by public identifier', async (_label, urn) => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { publicIdentifier: w.person.public_identifier });
    const body = inbound(w);
    const sender = { ...attendee(w.person, urn(w.person)), attendee_provider_id: null, attendee_profile_url: null };
    Object.assign(body, { sender, attendees: [sender] });
    const result = await processProcessDelivery(h.deps, deliveryOf(body));
    expect(result).toMatchObject({ outcome: 'matched', leadId: lead.id, matchKey: 'profile_lookup.public_identifier' });
    const updated = await leadRow(lead.id);
    expect(updated?.providerId).toBe(w.person.provider_id);
    expect(updated?.memberId).toBe(w.person.member_id);
  });

  it('reads the provider id out of an urn:li:fsd_profile member URN', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const body = inbound(w);
    const sender = {
      ...attendee(w.person, `urn:li:fsd_profile:${w.person.provider_id}`),
      attendee_provider_id: null,
      attendee_profile_url: null,
    };
    Object.assign(body, { sender, attendees: [sender] });
    expect(await processProcessDelivery(h.deps, deliveryOf(body))).toMatchObject({
      outcome: 'matched',
      leadId: lead.id,
      matchKey: 'provider_id',
    });
  });

  it('matches a lead known only by public identifier (the webhook carries only the ACoA id)', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { publicIdentifier: w.person.public_identifier });
    const result = await processProcessDelivery(h.deps, deliveryOf(inbound(w)));
    expect(result).toMatchObject({ outcome: 'matched', leadId: lead.id, matchKey: 'profile_lookup.public_identifier' });
    expect((await leadRow(lead.id))?.providerId).toBe(w.person.provider_id);
  });

  it('matches by conversation id when the sender carries no identifier', async () => {
    const w = await world();
    const chatId = `chat-${randomUUID()}`;
    const lead = await insertLead(h.database.db, w.tenant.campaign, { conversationId: chatId });
    const body = inbound(w, w.person, { chat_id: chatId, sender: { attendee_name: 'Ana Silva' }, attendees: [] });
    expect(await processProcessDelivery(h.deps, deliveryOf(body))).toMatchObject({
      outcome: 'matched',
      leadId: lead.id,
      matchKey: 'conversation_id',
    });
  });

  it('counts a message with `message: null` and attachments', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const body = inbound(w, w.person, { message: null, attachments: [{ id: 'att-1', type: 'img', file_size: 1200, unavailable: false }] });
    expect(await processProcessDelivery(h.deps, deliveryOf(body))).toMatchObject({ outcome: 'matched', leadId: lead.id });
    expect((await repliesOf(lead.id))[0]?.meta).toMatchObject({ text: null, attachment_count: 1 });
  });

  it('counts a message whose attachments are one object with string fields (the documented example)', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id });
    const body = inbound(w, w.person, { attachments: { id: 'att-2', size: '150', unavailable: 'false', type: 'file' } });
    expect(await processProcessDelivery(h.deps, deliveryOf(body))).toMatchObject({ outcome: 'matched', leadId: lead.id });
    expect((await repliesOf(lead.id))[0]?.meta).toMatchObject({ attachment_count: 1 });
  });

  it.each(['pending_invite', 'invite_sent', 'connected', 'messaged'] as const)(
    'counts a reply from a lead in status %s',
    async (status) => {
      const w = await world();
      const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status });
      await processProcessDelivery(h.deps, deliveryOf(inbound(w)));
      expect((await leadRow(lead.id))?.status).toBe('responded');
    },
  );

  it('keeps an unmatched reply with every key it tried', async () => {
    const w = await world();
    const body = inbound(w);
    const result = await processProcessDelivery(h.deps, deliveryOf(body));
    expect(result.outcome).toBe('unmatched');
    const row = await deliveryRow(deliveryOf(body).deliveryKey);
    expect(row?.outcome).toBe('unmatched');
    expect(row?.triedKeys.map((k) => k.key)).toEqual(
      expect.arrayContaining(['provider_id', 'member_id', 'profile_lookup', 'profile_lookup.public_identifier', 'conversation_id']),
    );
  });

  it("stops the same person in the client's other campaigns, cancels queued sends, and leaves other tenants alone", async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status: 'messaged' });
    const otherCampaign = await insertCampaign(h.database.db, w.tenant.client.id, w.tenant.account.id);
    const sibling = await insertLead(h.database.db, otherCampaign, {
      publicIdentifier: w.person.public_identifier,
      providerId: w.person.provider_id,
      status: 'connected',
    });
    const [queued] = await h.database.db
      .insert(outboundActions)
      .values({
        clientId: sibling.clientId,
        campaignId: sibling.campaignId,
        leadId: sibling.id,
        linkedinAccountId: w.tenant.account.id,
        step: 1,
        action: 'message',
        jobId: `lead-${sibling.id}-step-1`,
      })
      .returning();
    const strangerClient = await insertClient(h.database.db);
    const strangerAccount = await insertAccount(h.database.db, strangerClient.id);
    const strangerCampaign = await insertCampaign(h.database.db, strangerClient.id, strangerAccount.id);
    const stranger = await insertLead(h.database.db, strangerCampaign, { providerId: w.person.provider_id, status: 'messaged' });

    await processProcessDelivery(h.deps, deliveryOf(inbound(w)));

    expect((await leadRow(lead.id))?.status).toBe('responded');
    expect(await leadRow(sibling.id)).toMatchObject({ status: 'skipped', stopReason: 'replied_in_other_campaign' });
    const [action] = await h.database.db.select().from(outboundActions).where(eq(outboundActions.id, queued!.id));
    expect(action?.status).toBe('cancelled');
    expect((await leadRow(stranger.id))?.status).toBe('messaged');
    expect(await repliesOf(stranger.id)).toHaveLength(0);
  });
});

describe('other messaging events', () => {
  it.each(['message_read', 'message_reaction', 'message_edited', 'message_deleted'])(
    'records %s and never treats it as a reply',
    async (event) => {
      const w = await world();
      const lead = await insertLead(h.database.db, w.tenant.campaign, { providerId: w.person.provider_id, status: 'messaged' });
      const body = inbound(w, w.person, { event, reaction: event === 'message_reaction' ? '👍' : undefined });
      expect((await processProcessDelivery(h.deps, deliveryOf(body))).outcome).toBe('recorded');
      expect((await leadRow(lead.id))?.status).toBe('messaged');
    },
  );
});

describe('new_relation', () => {
  it('connects the matching lead of that account once and backfills its ids', async () => {
    const w = await world();
    const lead = await insertLead(h.database.db, w.tenant.campaign, {
      publicIdentifier: w.person.public_identifier,
      status: 'invite_sent',
    });
    const body = {
      event: 'new_relation',
      account_id: w.accountId,
      account_type: 'LINKEDIN',
      webhook_name: '',
      user_full_name: 'Ana Silva',
      user_provider_id: w.person.provider_id,
      user_public_identifier: w.person.public_identifier,
      user_profile_url: `https://www.linkedin.com/in/${w.person.public_identifier}/`,
    };
    const first = await processProcessDelivery(h.deps, deliveryOf(body, '/api/webhooks/unipile/users'));
    expect(first).toMatchObject({ outcome: 'connected', leadId: lead.id, matchKey: 'public_identifier' });
    expect(await leadRow(lead.id)).toMatchObject({ status: 'connected', providerId: w.person.provider_id });
    const accepted = await h.database.db
      .select()
      .from(events)
      .where(and(eq(events.leadId, lead.id), eq(events.type, 'connection_accepted')));
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.meta).toMatchObject({ detection: 'webhook' });
  });
});

describe('account status', () => {
  it('stores the status with one event per change and polls a degraded account more often', async () => {
    const w = await world();
    const body = { AccountStatus: { account_id: w.accountId, account_type: 'LINKEDIN', message: 'CREDENTIALS' } };
    expect((await processProcessDelivery(h.deps, deliveryOf(body, '/api/webhooks/unipile/account-status'))).outcome).toBe('status_updated');
    const changes = await h.database.db
      .select()
      .from(events)
      .where(and(eq(events.linkedinAccountId, w.tenant.account.id), eq(events.type, 'account_status_changed')));
    expect(changes).toHaveLength(1);
    expect(changes[0]?.meta).toMatchObject({ from: 'OK', to: 'CREDENTIALS' });
    const poller = await h.queues.replyBackfill.getJobScheduler(`poll-replies-${w.tenant.account.id}`);
    expect(poller?.every).toBe(h.deps.polling.degradedIntervalMs);
  });

  const status = (accountId: string, message: string) =>
    processProcessDelivery(
      h.deps,
      deliveryOf({ AccountStatus: { account_id: accountId, account_type: 'LINKEDIN', message } }, '/api/webhooks/unipile/account-status'),
    );
  const accountRow = async (id: string) => (await h.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.id, id)))[0]!;

  it('ends a pause for a disconnection when the account is back OK, and a replayed OK changes nothing', async () => {
    const w = await world();
    await h.database.db
      .update(linkedinAccounts)
      .set({ pausedReason: 'disconnected_account' })
      .where(eq(linkedinAccounts.id, w.tenant.account.id));
    await status(w.accountId, 'CREDENTIALS');
    await status(w.accountId, 'OK');
    expect(await accountRow(w.tenant.account.id)).toMatchObject({ status: 'OK', pausedReason: null });
    await h.database.db
      .update(linkedinAccounts)
      .set({ pausedReason: 'disconnected_account' })
      .where(eq(linkedinAccounts.id, w.tenant.account.id));
    await status(w.accountId, 'OK');
    expect(await accountRow(w.tenant.account.id)).toMatchObject({ status: 'OK', pausedReason: 'disconnected_account' });
  });

  it('never ends a pause for a restriction by status deliveries, replayed or not: an operator resumes it', async () => {
    const w = await world();
    await h.database.db
      .update(linkedinAccounts)
      .set({ pausedReason: 'account_restricted' })
      .where(eq(linkedinAccounts.id, w.tenant.account.id));
    await status(w.accountId, 'CREDENTIALS');
    await status(w.accountId, 'OK');
    expect(await accountRow(w.tenant.account.id)).toMatchObject({ status: 'OK', pausedReason: 'account_restricted' });
  });
});

describe('unknown deliveries', () => {
  it('stores a delivery of an unknown kind as ignored', async () => {
    const body = { something: 'else', id: randomUUID() };
    expect((await processProcessDelivery(h.deps, deliveryOf(body))).outcome).toBe('ignored');
    expect((await deliveryRow(deliveryOf(body).deliveryKey))?.outcome).toBe('ignored');
  });
});
