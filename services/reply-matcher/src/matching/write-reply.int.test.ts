import { randomUUID } from 'node:crypto';
import { createDatabase, leads, writeReply, type Database } from '@outreach/db';
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

    const write = () =>
      database.db.transaction((tx) =>
        writeReply(tx, {
          clientId: twin.clientId,
          campaignId: twin.campaignId,
          leadId: twin.id,
          linkedinAccountId: account.id,
          chatId: 'chat-twin',
          externalMessageId: `msg-${twin.id}`,
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
    const eventId = await write();
    expect(eventId).toEqual(expect.any(Number));
    const [row] = await database.db.select().from(leads).where(eq(leads.id, twin.id));
    expect(row).toMatchObject({ status: 'responded', providerId: null, memberId: '42', conversationId: 'chat-twin' });
    // The same message again inserts no second event.
    expect(await write()).toBeNull();
  });
});
