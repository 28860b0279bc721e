import { randomUUID } from 'node:crypto';
import { createDatabase, events, leads, writeReply, type Database, type LeadStatus } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { fakeProviderId, insertLead, insertTenant, testDatabaseUrl } from '@outreach/testing';

let database: Database;
beforeAll(() => {
  database = createDatabase(testDatabaseUrl(), { max: 2 });
});
afterAll(async () => {
  await database.close();
});

describe('writeReply', () => {
  it('leaves out an identifier another lead of the campaign holds instead of failing the delivery', async () => {
    const { account, campaign } = await insertTenant(database.db);
    const providerId = fakeProviderId();
    await insertLead(database.db, campaign, { providerId, status: 'messaged' });
    const twin = await insertLead(database.db, campaign, { publicIdentifier: `twin-${randomUUID().slice(0, 8)}`, status: 'messaged' });

    const write = (leadStatus: LeadStatus, messageId = `msg-${twin.id}`) =>
      database.db.transaction((tx) =>
        writeReply(tx, {
          clientId: twin.clientId,
          campaignId: twin.campaignId,
          leadId: twin.id,
          leadStatus,
          linkedinAccountId: account.id,
          chatId: 'chat-twin',
          externalMessageId: messageId,
          providerMessageId: null,
          senderProviderId: providerId,
          text: 'hello',
          attachments: [],
          sentAt: new Date(),
          detection: 'webhook',
          meta: { detection: 'webhook' },
          learnt: { providerId, memberId: '42', publicIdentifier: null, conversationId: 'chat-twin' },
        }),
      );
    const eventId = await write('messaged');
    expect(eventId).toEqual(expect.any(Number));
    const [row] = await database.db.select().from(leads).where(eq(leads.id, twin.id));
    expect(row).toMatchObject({ status: 'responded', providerId: null, memberId: '42', conversationId: 'chat-twin' });
    // The same message again inserts no second event.
    expect(await write('responded')).toBeNull();
  });

  it('names the lifecycle transition in the reply event, and a second reply changes no status', async () => {
    const { account, campaign } = await insertTenant(database.db);
    const lead = await insertLead(database.db, campaign, { providerId: fakeProviderId(), status: 'connected' });
    const write = (leadStatus: LeadStatus, messageId: string) =>
      database.db.transaction((tx) =>
        writeReply(tx, {
          clientId: lead.clientId,
          campaignId: lead.campaignId,
          leadId: lead.id,
          leadStatus,
          linkedinAccountId: account.id,
          chatId: 'chat-1',
          externalMessageId: messageId,
          providerMessageId: null,
          senderProviderId: lead.providerId,
          text: 'hello',
          attachments: [],
          sentAt: new Date(),
          detection: 'webhook',
          meta: { detection: 'webhook' },
          learnt: { providerId: null, memberId: null, publicIdentifier: null, conversationId: 'chat-1' },
        }),
      );
    const first = await write('connected', `first-${lead.id}`);
    const second = await write('responded', `second-${lead.id}`);
    const rows = await database.db
      .select({ id: events.id, meta: events.meta })
      .from(events)
      .where(eq(events.leadId, lead.id))
      .orderBy(events.id);
    expect(rows).toEqual([
      { id: first, meta: { detection: 'webhook', from: 'connected', to: 'responded', reason: 'replied' } },
      { id: second, meta: { detection: 'webhook' } },
    ]);
    const [row] = await database.db.select({ status: leads.status }).from(leads).where(eq(leads.id, lead.id));
    expect(row?.status).toBe('responded');
  });
});
