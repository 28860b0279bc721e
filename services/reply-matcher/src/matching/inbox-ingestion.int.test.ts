import { randomUUID } from 'node:crypto';
import { conversationParticipants, conversations, inboxEvents, messages, outboundActions, users } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { notifyAssigneeJobId } from '@outreach/queues';
import { insertLead, insertTenant } from '@outreach/testing';
import { startMatcherHarness, type MatcherHarness } from '../test-support/harness';
import { deliveryOf, messageReceived } from '../test-support/payloads';
import { processProcessDelivery } from '../processors/process-delivery';

let h: MatcherHarness;
beforeAll(async () => {
  h = await startMatcherHarness();
});
afterAll(async () => {
  await h.close();
});

async function world() {
  const account = await h.control.createAccount({ name: 'Sam Sender', own: { first_name: 'Sam', last_name: 'Sender' } });
  const ownId = account.connection_params.im.id;
  const tenant = await insertTenant(h.database.db, { unipileAccountId: account.id, providerUserId: ownId });
  const person = await h.control.createPerson({ first_name: 'Ana', last_name: 'Silva' });
  const lead = await insertLead(h.database.db, tenant.campaign, { providerId: person.provider_id, status: 'messaged' });
  return { accountId: account.id, ownId, tenant, person, lead, chatId: `chat-${randomUUID()}` };
}
type World = Awaited<ReturnType<typeof world>>;

const message = (w: World, extra: { isSender?: boolean; text?: string } = {}) =>
  messageReceived({ accountId: w.accountId, ownId: w.ownId, from: w.person, chatId: w.chatId, messageId: `msg-${randomUUID()}`, ...extra });
const conversationsOf = (w: World) => h.database.db.select().from(conversations).where(eq(conversations.chatId, w.chatId));
const messagesOf = (conversationId: string) => h.database.db.select().from(messages).where(eq(messages.conversationId, conversationId));
const eventsOf = (conversationId: string) =>
  h.database.db.select().from(inboxEvents).where(eq(inboxEvents.conversationId, conversationId)).orderBy(inboxEvents.id);

describe('inbox ingestion', () => {
  it('turns the same delivery twice into one message, one conversation and one outbox event', async () => {
    const w = await world();
    const delivery = deliveryOf(message(w));
    await processProcessDelivery(h.deps, delivery);
    await processProcessDelivery(h.deps, delivery);

    const [conversation, ...more] = await conversationsOf(w);
    expect(more).toHaveLength(0);
    expect(conversation).toMatchObject({
      clientId: w.tenant.client.id,
      leadId: w.lead.id,
      campaignId: w.tenant.campaign.id,
      status: 'open',
      lastMessageDirection: 'inbound',
    });
    expect(conversation!.lastInboundAt).toBeInstanceOf(Date);
    const stored = await messagesOf(conversation!.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ origin: 'prospect', direction: 'inbound', status: 'sent' });
    const outbox = await eventsOf(conversation!.id);
    expect(outbox.map((e) => e.type)).toEqual(['message.created']);
    const people = await h.database.db
      .select()
      .from(conversationParticipants)
      .where(eq(conversationParticipants.conversationId, conversation!.id));
    expect(people).toEqual([expect.objectContaining({ providerId: w.person.provider_id, isSelf: false })]);
  });

  it('files every message of one chat into one conversation', async () => {
    const w = await world();
    await processProcessDelivery(h.deps, deliveryOf(message(w)));
    await processProcessDelivery(h.deps, deliveryOf(message(w, { text: 'And another thing' })));
    const found = await conversationsOf(w);
    expect(found).toHaveLength(1);
    expect(await messagesOf(found[0]!.id)).toHaveLength(2);
    expect(found[0]!.lastMessagePreview).toBe('And another thing');
  });

  it('files a message typed on the owner’s phone as outbound external_device, not unread', async () => {
    const w = await world();
    await processProcessDelivery(h.deps, deliveryOf(message(w, { isSender: true, text: 'typed on my phone' })));
    const [conversation] = await conversationsOf(w);
    expect(conversation).toMatchObject({ lastMessageDirection: 'outbound', lastInboundAt: null, leadId: w.lead.id });
    const [stored] = await messagesOf(conversation!.id);
    expect(stored).toMatchObject({ origin: 'external_device', direction: 'outbound', text: 'typed on my phone' });
  });

  it('files the invitation’s note, echoed at the head of the new chat, as the sequence’s and not the owner’s phone', async () => {
    const w = await world();
    const note = `Hi Ana, glad to connect (${randomUUID().slice(0, 8)})`;
    await h.database.db.insert(outboundActions).values({
      clientId: w.tenant.client.id,
      campaignId: w.tenant.campaign.id,
      leadId: w.lead.id,
      linkedinAccountId: w.tenant.account.id,
      step: 0,
      action: 'invite',
      status: 'sent',
      renderedText: note,
    });
    await processProcessDelivery(h.deps, deliveryOf(message(w, { isSender: true, text: note })));
    await processProcessDelivery(h.deps, deliveryOf(message(w, { isSender: true, text: 'typed on my phone' })));
    const [conversation] = await conversationsOf(w);
    const stored = await messagesOf(conversation!.id);
    expect(stored.map((m) => [m.text, m.origin]).sort()).toEqual([
      [note, 'sequence'],
      ['typed on my phone', 'external_device'],
    ]);
  });

  it('enqueues the assignee’s notification for a new inbound message in an assigned conversation, once', async () => {
    const w = await world();
    const first = deliveryOf(message(w));
    await processProcessDelivery(h.deps, first);
    const [conversation] = await conversationsOf(w);
    const [agent] = await h.database.db
      .insert(users)
      .values({ email: `a-${randomUUID().slice(0, 8)}@x.test`, role: 'agent', clientId: w.tenant.client.id, passwordHash: 'x' })
      .returning();
    await h.database.db.update(conversations).set({ assigneeUserId: agent!.id }).where(eq(conversations.id, conversation!.id));
    const second = deliveryOf(message(w, { text: 'anyone there?' }));
    await processProcessDelivery(h.deps, second);
    await processProcessDelivery(h.deps, second);
    const stored = await messagesOf(conversation!.id);
    const later = stored.find((m) => m.text === 'anyone there?')!;
    const job = await h.queues.notifications.getJob(notifyAssigneeJobId(later.id));
    expect(job?.data).toEqual({ messageId: later.id, clientId: w.tenant.client.id });
    const jobs = await h.queues.notifications.getJobs(['waiting', 'delayed', 'active', 'completed']);
    expect(jobs.filter((j) => j.name === 'notify-assignee' && j.data.clientId === w.tenant.client.id)).toHaveLength(1);
  });

  describe('when the contact writes into a conversation set aside', () => {
    const setAside = async (w: World, fields: Partial<typeof conversations.$inferInsert>) => {
      await processProcessDelivery(h.deps, deliveryOf(message(w)));
      const [conversation] = await conversationsOf(w);
      await h.database.db.update(conversations).set(fields).where(eq(conversations.id, conversation!.id));
      await processProcessDelivery(h.deps, deliveryOf(message(w, { text: 'hello again' })));
      return (await conversationsOf(w))[0]!;
    };

    it.each([
      ['pending', { status: 'pending' as const }],
      ['closed', { status: 'closed' as const }],
      [
        'snoozed until the contact replies',
        { status: 'snoozed' as const, snoozeUntilReply: true, snoozeUntil: new Date(Date.now() + 86_400_000) },
      ],
    ])('reopens a %s conversation', async (_name, fields) => {
      const reopened = await setAside(await world(), fields);
      expect(reopened).toMatchObject({ status: 'open', snoozeUntil: null, snoozeUntilReply: false });
    });

    it('leaves a conversation snoozed until a time snoozed', async () => {
      const until = new Date(Date.now() + 86_400_000);
      const still = await setAside(await world(), { status: 'snoozed', snoozeUntil: until });
      expect(still).toMatchObject({ status: 'snoozed', snoozeUntil: until });
    });

    it('does not reopen it for an outbound message', async () => {
      const w = await world();
      await processProcessDelivery(h.deps, deliveryOf(message(w)));
      const [conversation] = await conversationsOf(w);
      await h.database.db.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, conversation!.id));
      await processProcessDelivery(h.deps, deliveryOf(message(w, { isSender: true })));
      expect((await conversationsOf(w))[0]!.status).toBe('closed');
    });
  });
});
