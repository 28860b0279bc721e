import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { backfillConversationIds, events, leads, messages, rateUsage, rebuildRateUsage } from '@outreach/db';
import { eq, and } from 'drizzle-orm';
import { localDateOf } from '@outreach/analytics';
import { createRedisConnection, QUEUES } from '@outreach/queues';
import { insertLead, insertTenant, testRedisUrl } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';

let g: GatewayHarness;
let connection: Redis;
let worker: Worker;
beforeAll(async () => {
  g = await startGateway();
  connection = createRedisConnection(testRedisUrl(), 'worker');
  // Stands in for the reporter: the same database functions its processors call, on this file's queue
  // prefix. The LinkedIn half of the conversations backfill is tested with the reporter's processor.
  worker = new Worker(
    QUEUES.analyticsRollup,
    async (job: Job) =>
      job.name === 'rebuild-rate-usage'
        ? rebuildRateUsage(g.database.db, job.data.linkedinAccountId ?? null, job.data.days)
        : {
            ...(await backfillConversationIds(g.database.db, job.data.clientId ?? null)),
            resolved_via_unipile: 0,
            unresolved: 0,
            remaining: 0,
            accounts_failed: 0,
          },
    { connection, prefix: g.deps.queuePrefix },
  );
  await worker.waitUntilReady();
});
afterAll(async () => {
  await worker.close();
  connection.disconnect();
  await g.close();
});

describe('POST /api/admin/backfill/rate-usage', () => {
  it('raises counters to what events show, never lowers one, and changes nothing the second time', async () => {
    const t = await insertTenant(g.database.db, { timezone: 'America/New_York' });
    const lead = await insertLead(g.database.db, t.campaign);
    const now = new Date();
    const today = localDateOf(now, 'America/New_York');
    const base = {
      clientId: t.client.id,
      campaignId: t.campaign.id,
      leadId: lead.id,
      linkedinAccountId: t.account.id,
      occurredAt: new Date(now.getTime() - 60_000),
    };
    await g.database.db.insert(events).values([
      { ...base, type: 'connection_request_sent' },
      { ...base, type: 'message_sent' },
      { ...base, type: 'message_sent' },
    ]);
    // The limiter already counted 5 messages today (claims whose sends failed leave no message_sent).
    await g.database.db.insert(rateUsage).values({ linkedinAccountId: t.account.id, action: 'message', day: today, count: 5 });
    const admin = await g.createUser('admin', null);
    const first = await g.call('POST', '/api/admin/backfill/rate-usage', {
      token: admin.token,
      body: { linkedin_account_id: t.account.id, days: 7 },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ accounts: 1, counters: 2, raised: 1 });
    expect(first.body.job_id).toMatch(/^rebuild-rate-usage-/);
    const rows = await g.database.db.select().from(rateUsage).where(eq(rateUsage.linkedinAccountId, t.account.id));
    expect(Object.fromEntries(rows.map((r) => [r.action, r.count]))).toEqual({ invite: 1, message: 5 });
    const second = await g.call('POST', '/api/admin/backfill/rate-usage', {
      token: admin.token,
      body: { linkedin_account_id: t.account.id, days: 7 },
    });
    expect(second.body).toMatchObject({ counters: 2, raised: 0 });

    const agent = await g.createUser('agent', t.client.id);
    expect((await g.call('POST', '/api/admin/backfill/rate-usage', { token: agent.token, body: { days: 7 } })).status).toBe(403);
    expect((await g.call('POST', '/api/admin/backfill/rate-usage', { token: admin.token, body: { days: 700 } })).status).toBe(400);
  }, 30_000);
});

describe('POST /api/admin/backfill/conversations', () => {
  it("fills a connected lead's missing chat id from its stored messages, once", async () => {
    const t = await insertTenant(g.database.db);
    const withMessage = await insertLead(g.database.db, t.campaign, { status: 'messaged' });
    const withoutTrace = await insertLead(g.database.db, t.campaign, { status: 'connected' });
    await g.database.db.insert(messages).values({
      clientId: t.client.id,
      linkedinAccountId: t.account.id,
      leadId: withMessage.id,
      chatId: 'chat-42',
      externalMessageId: `m-${withMessage.id}`,
      direction: 'outbound',
      sentAt: new Date(),
      detection: 'api',
    });
    const admin = await g.createUser('admin', null);
    const first = await g.call('POST', '/api/admin/backfill/conversations', { token: admin.token, body: { client_id: t.client.id } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ missing: 2, resolved: 1 });
    const [row] = await g.database.db
      .select({ chat: leads.conversationId })
      .from(leads)
      .where(and(eq(leads.id, withMessage.id)));
    expect(row?.chat).toBe('chat-42');
    const second = await g.call('POST', '/api/admin/backfill/conversations', { token: admin.token, body: { client_id: t.client.id } });
    expect(second.body).toMatchObject({ missing: 1, resolved: 0 });
    expect(withoutTrace.conversationId).toBeNull();
  }, 30_000);
});
