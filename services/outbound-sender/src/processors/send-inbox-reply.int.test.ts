import { randomUUID } from 'node:crypto';
import { conversations, createInboxReply, events, inboxEvents, linkedinAccounts, messages, replyAttachmentFiles } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { insertConversation } from '@outreach/testing';
import { Deferred, startSenderHarness, type SeedOptions, type SenderHarness } from '../test-support/harness';
import type { SendControl } from './send-outbound-action';
import { processSendInboxReply } from './send-inbox-reply';

let h: SenderHarness;
beforeAll(async () => {
  h = await startSenderHarness();
});
afterAll(async () => {
  await h.close();
});

/** A seeded account whose lead wrote to it: a real sandbox chat and its conversation. */
async function replyWorld(options: SeedOptions = {}) {
  const seeded = await h.seed(options);
  const lead = await seeded.addLead({}, { status: 'responded' });
  const chat = await h.control.reply(lead.providerId, { account_id: seeded.account.unipileAccountId, text: 'Interested!' });
  const conversation = await insertConversation(
    h.database.db,
    { id: seeded.account.id, clientId: seeded.client.id },
    { chatId: chat.chat_id, leadId: lead.leadId, campaignId: seeded.campaign.id },
  );
  const reply = async (text = 'Great, here is a link') =>
    (await createInboxReply(h.database.db, { conversation, userId: null, idempotencyKey: randomUUID(), text })).message;
  return { seeded, lead, conversation, reply };
}

const control = (finalAttempt = false): SendControl => ({
  isFinalAttempt: finalAttempt,
  defer: async (until, reason) => {
    throw new Deferred(until, reason);
  },
});
const messageRow = async (id: string) => (await h.database.db.select().from(messages).where(eq(messages.id, id)))[0]!;
const sentTexts = async (accountId: string, text: string) => (await h.control.sent(accountId)).messages.filter((m) => m.text === text);

describe('send-inbox-reply', () => {
  it('sends once however often the job runs, and counts a manual touch for the campaign lead', async () => {
    const w = await replyWorld();
    const msg = await w.reply('Sending exactly once');
    expect(await processSendInboxReply(h.deps, { messageId: msg.id }, control())).toMatchObject({ outcome: 'sent' });
    expect(await processSendInboxReply(h.deps, { messageId: msg.id }, control())).toEqual({ outcome: 'already_sent' });

    const sent = await sentTexts(w.seeded.account.unipileAccountId, 'Sending exactly once');
    expect(sent).toHaveLength(1);
    expect(await messageRow(msg.id)).toMatchObject({ status: 'sent', externalMessageId: sent[0]!.message_id, origin: 'inbox' });
    const touches = await h.database.db
      .select()
      .from(events)
      .where(and(eq(events.leadId, w.lead.leadId), eq(events.type, 'message_sent')));
    expect(touches).toHaveLength(1);
    expect(touches[0]!.meta).toMatchObject({ origin: 'inbox', step: 'manual', unipile_message_id: sent[0]!.message_id });
    const updates = await h.database.db
      .select()
      .from(inboxEvents)
      .where(and(eq(inboxEvents.conversationId, w.conversation.id), eq(inboxEvents.type, 'message.updated')));
    expect(updates.map((e) => e.payload)).toEqual([expect.objectContaining({ message_id: msg.id, status: 'sent' })]);
  });

  it("sends a reply's files through Unipile as multipart attachments, and keeps only their metadata once sent", async () => {
    const w = await replyWorld();
    const files = [
      { fileName: 'quote.pdf', mimetype: 'application/pdf', content: Buffer.alloc(2048, 1) },
      { fileName: 'chart.png', mimetype: 'image/png', content: Buffer.from('png') },
    ];
    const { message } = await createInboxReply(h.database.db, {
      conversation: w.conversation,
      userId: null,
      idempotencyKey: randomUUID(),
      text: 'With files',
      attachments: files,
    });
    expect(await processSendInboxReply(h.deps, { messageId: message.id }, control())).toMatchObject({ outcome: 'sent' });

    const [sent] = await sentTexts(w.seeded.account.unipileAccountId, 'With files');
    expect(sent!.attachments).toEqual([
      { type: 'file', file_name: 'quote.pdf', mimetype: 'application/pdf', file_size: 2048 },
      { type: 'img', file_name: 'chart.png', mimetype: 'image/png', file_size: 3 },
    ]);
    const row = await messageRow(message.id);
    expect(row).toMatchObject({ status: 'sent', externalMessageId: sent!.message_id });
    expect(row.attachments).toEqual([
      expect.objectContaining({ file_name: 'quote.pdf', file_size: 2048, type: 'file' }),
      expect.objectContaining({ file_name: 'chart.png', file_size: 3, type: 'img' }),
    ]);
    expect(await h.database.db.select().from(replyAttachmentFiles).where(eq(replyAttachmentFiles.messageId, message.id))).toEqual([]);
  });

  it('marks the message failed with its reason on a Unipile 422, drops its files, and emits an update', async () => {
    const w = await replyWorld();
    const { message: msg } = await createInboxReply(h.database.db, {
      conversation: w.conversation,
      userId: null,
      idempotencyKey: randomUUID(),
      text: 'This one is refused',
      attachments: [{ fileName: 'terms.pdf', mimetype: 'application/pdf', content: Buffer.from('%PDF') }],
    });
    await h.control.addApiFault({
      method: 'POST',
      path: `/api/v1/chats/${w.conversation.chatId}/messages`,
      status: 422,
      type: 'errors/cannot_send_message',
      detail: 'the recipient cannot be reached',
    });
    expect(await processSendInboxReply(h.deps, { messageId: msg.id }, control())).toMatchObject({ outcome: 'failed' });
    const row = await messageRow(msg.id);
    expect(row.status).toBe('failed');
    expect(row.failureReason).toContain('the recipient cannot be reached');
    const updates = await h.database.db
      .select()
      .from(inboxEvents)
      .where(and(eq(inboxEvents.conversationId, w.conversation.id), eq(inboxEvents.type, 'message.updated')));
    expect(updates.map((e) => e.payload)).toEqual([expect.objectContaining({ message_id: msg.id, status: 'failed' })]);
    expect(await sentTexts(w.seeded.account.unipileAccountId, 'This one is refused')).toHaveLength(0);
    // A failed reply is final: its file is not kept either, only the metadata the thread shows.
    expect(await h.database.db.select().from(replyAttachmentFiles).where(eq(replyAttachmentFiles.messageId, msg.id))).toEqual([]);
    expect(row.attachments).toEqual([expect.objectContaining({ file_name: 'terms.pdf', file_size: 4 })]);
  });

  it('waits out a 429 (the account cools down, the reply stays pending and is sent later)', async () => {
    const w = await replyWorld();
    const msg = await w.reply('After the cooldown');
    await h.control.addApiFault({
      method: 'POST',
      path: `/api/v1/chats/${w.conversation.chatId}/messages`,
      status: 429,
      type: 'errors/too_many_requests',
      count: 1,
    });
    const deferred = await processSendInboxReply(h.deps, { messageId: msg.id }, control()).catch((e: unknown) => e);
    expect(deferred).toBeInstanceOf(Deferred);
    expect((deferred as Deferred).reason).toBe('account_cooldown');
    expect(await messageRow(msg.id)).toMatchObject({ status: 'pending', claimedAt: null });
    const [account] = await h.database.db.select().from(linkedinAccounts).where(eq(linkedinAccounts.id, w.seeded.account.id));
    expect(account!.cooldownUntil!.getTime()).toBeGreaterThan(Date.now());

    // The cooldown ends: the retry sends it.
    await h.database.db.update(linkedinAccounts).set({ cooldownUntil: null }).where(eq(linkedinAccounts.id, w.seeded.account.id));
    expect(await processSendInboxReply(h.deps, { messageId: msg.id }, control())).toMatchObject({ outcome: 'sent' });
    expect(await sentTexts(w.seeded.account.unipileAccountId, 'After the cooldown')).toHaveLength(1);
  });

  it('never exceeds the account’s daily message cap', async () => {
    const w = await replyWorld({ account: { dailyMessageLimit: 1 } });
    const first = await w.reply('first of the day');
    const second = await w.reply('second of the day');
    expect(await processSendInboxReply(h.deps, { messageId: first.id }, control())).toMatchObject({ outcome: 'sent' });
    const deferred = await processSendInboxReply(h.deps, { messageId: second.id }, control()).catch((e: unknown) => e);
    expect((deferred as Deferred).reason).toBe('message_daily_cap');
    expect((await messageRow(second.id)).status).toBe('pending');
    expect(await sentTexts(w.seeded.account.unipileAccountId, 'second of the day')).toHaveLength(0);
  });

  it('does not send from a paused account: failed with the reason', async () => {
    const w = await replyWorld({ account: { pausedReason: 'operator_paused' } });
    const msg = await w.reply('Not while paused');
    expect(await processSendInboxReply(h.deps, { messageId: msg.id }, control())).toMatchObject({ outcome: 'failed' });
    expect((await messageRow(msg.id)).failureReason).toContain('account_paused');
  });

  it('finds a reply that went out before a crash instead of sending it again', async () => {
    const w = await replyWorld();
    const msg = await w.reply('Sent just before the crash');
    await h.control.addApiFault({ method: 'POST', path: `/api/v1/chats/${w.conversation.chatId}/messages`, status: 0, count: 1 });
    await expect(processSendInboxReply(h.deps, { messageId: msg.id }, control())).rejects.toThrow();
    expect(await messageRow(msg.id)).toMatchObject({ status: 'pending', claimedAt: expect.any(Date) });
    // As if the call had reached LinkedIn although its answer was lost.
    const landed = await h.deps.unipile.sendMessage({
      chatId: w.conversation.chatId,
      text: 'Sent just before the crash',
      accountId: w.seeded.account.unipileAccountId,
    });
    expect(await processSendInboxReply(h.deps, { messageId: msg.id }, control())).toMatchObject({
      outcome: 'sent',
      reconciled: true,
      message_id: landed.message_id,
    });
    expect(await sentTexts(w.seeded.account.unipileAccountId, 'Sent just before the crash')).toHaveLength(1);
    const [c] = await h.database.db.select().from(conversations).where(eq(conversations.id, w.conversation.id));
    expect(c!.lastMessagePreview).toBe('Sent just before the crash');
  });
});
