import { leads, messages } from '@outreach/db';
import { insertAccount, insertCampaign, insertClient, insertLead } from '@outreach/testing';
import { eq } from 'drizzle-orm';
import { startReporterHarness, type ReporterHarness } from '../test-support/harness';
import { processBackfillConversations } from './analytics-backfills';

let h: ReporterHarness;
beforeAll(async () => {
  h = await startReporterHarness();
});
afterAll(async () => {
  await h.close();
});

const chatOf = async (leadId: string) =>
  (await h.database.db.select({ chat: leads.conversationId }).from(leads).where(eq(leads.id, leadId)))[0]?.chat ?? null;

describe('processBackfillConversations', () => {
  it('resolves missing chat ids from stored messages, then from the account’s chats on LinkedIn, once', async () => {
    const db = h.database.db;
    const sandboxAccount = await h.control.createAccount({ name: 'Alex Sender' });
    const client = await insertClient(db);
    const account = await insertAccount(db, client.id, { unipileAccountId: sandboxAccount.id });
    const campaign = await insertCampaign(db, client.id, account.id);
    // Ann has a chat on LinkedIn (she wrote to the account); Bob is connected but nobody wrote yet.
    const ann = await h.control.createPerson({ first_name: 'Ann', last_name: 'Chat' });
    const bob = await h.control.createPerson({ first_name: 'Bob', last_name: 'Quiet' });
    await h.control.connect({ account_id: sandboxAccount.id, provider_id: ann.provider_id });
    await h.control.connect({ account_id: sandboxAccount.id, provider_id: bob.provider_id });
    const annChat = await h.control.reply(ann.provider_id, { account_id: sandboxAccount.id, text: 'Hello there' });
    const annLead = await insertLead(db, campaign, { status: 'connected', providerId: ann.provider_id });
    const bobLead = await insertLead(db, campaign, { status: 'connected', providerId: bob.provider_id });
    const storedLead = await insertLead(db, campaign, { status: 'messaged', providerId: 'ACoAAstored' });
    const pendingLead = await insertLead(db, campaign, { status: 'invite_sent', providerId: ann.provider_id + 'x' });
    await db.insert(messages).values({
      clientId: client.id,
      linkedinAccountId: account.id,
      leadId: storedLead.id,
      chatId: 'chat-stored',
      externalMessageId: `m-${storedLead.id}`,
      direction: 'outbound',
      sentAt: new Date(),
      detection: 'api',
    });

    const first = await processBackfillConversations(h.deps, { requestId: crypto.randomUUID(), clientId: client.id });
    expect(first).toEqual({ missing: 3, resolved: 1, resolved_via_unipile: 1, unresolved: 1, remaining: 0, accounts_failed: 0 });
    expect(await chatOf(annLead.id)).toBe(annChat.chat_id);
    expect(await chatOf(storedLead.id)).toBe('chat-stored');
    expect(await chatOf(bobLead.id)).toBeNull();
    expect(await chatOf(pendingLead.id)).toBeNull();

    // Idempotent: the second run finds only Bob, still without a chat, and writes nothing.
    const second = await processBackfillConversations(h.deps, { requestId: crypto.randomUUID(), clientId: client.id });
    expect(second).toEqual({ missing: 1, resolved: 0, resolved_via_unipile: 0, unresolved: 1, remaining: 0, accounts_failed: 0 });
    expect(await chatOf(annLead.id)).toBe(annChat.chat_id);
  });

  it('reports an account whose chats cannot be listed and goes on with the others', async () => {
    const db = h.database.db;
    const client = await insertClient(db);
    const failing = await h.control.createAccount({ name: 'Failing Sender' });
    const working = await h.control.createAccount({ name: 'Working Sender' });
    const person = await h.control.createPerson({ first_name: 'Cat', last_name: 'Later' });
    await h.control.connect({ account_id: working.id, provider_id: person.provider_id });
    const chat = await h.control.reply(person.provider_id, { account_id: working.id, text: 'Hi' });
    const failingCampaign = await insertCampaign(db, client.id, (await insertAccount(db, client.id, { unipileAccountId: failing.id })).id);
    const workingCampaign = await insertCampaign(db, client.id, (await insertAccount(db, client.id, { unipileAccountId: working.id })).id);
    const stuck = await insertLead(db, failingCampaign, { status: 'connected', providerId: 'ACoAAsomeone' });
    const found = await insertLead(db, workingCampaign, { status: 'connected', providerId: person.provider_id });
    // The first chat listing (the failing account's: its lead is older) answers 503 once.
    await h.control.addApiFault({ method: 'GET', path: '/api/v1/chats', status: 503, type: 'errors/provider_unreachable', count: 1 });
    try {
      const report = await processBackfillConversations(h.deps, { requestId: crypto.randomUUID(), clientId: client.id });
      expect(report).toEqual({ missing: 2, resolved: 0, resolved_via_unipile: 1, unresolved: 1, remaining: 0, accounts_failed: 1 });
    } finally {
      await h.control.clearFaults();
    }
    expect(await chatOf(found.id)).toBe(chat.chat_id);
    expect(await chatOf(stuck.id)).toBeNull();
  });
});
