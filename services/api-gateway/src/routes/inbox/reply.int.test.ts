import { messages } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { sendInboxReplyJobId } from '@outreach/queues';
import { startGateway, type GatewayHarness } from '../../test-support/harness';
import { conversationWithReply, inboxTenant, type InboxTenant } from './inbox-test-support';

let g: GatewayHarness;
let t: InboxTenant;
beforeAll(async () => {
  g = await startGateway();
});
afterAll(async () => {
  await g.close();
});
beforeEach(async () => {
  t = await inboxTenant(g);
});

const reply = (conversationId: string, token: string, body: unknown, key?: string) =>
  fetch(`${g.url}/api/inbox/conversations/${conversationId}/reply`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, body: (await res.json().catch(() => null)) as any }));

describe('POST /api/inbox/conversations/:id/reply', () => {
  it('stores one pending reply and enqueues one send for the same Idempotency-Key twice', async () => {
    const c = await conversationWithReply(g, t);
    const first = await reply(c.id, t.agent.token, { text: 'Happy to help' }, 'key-1');
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      status: 'pending',
      origin: 'inbox',
      direction: 'outbound',
      text: 'Happy to help',
      sent_by_user_id: t.agent.id,
      external_message_id: null,
    });
    const again = await reply(c.id, t.agent.token, { text: 'Happy to help' }, 'key-1');
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);

    const stored = await g.database.db.select().from(messages).where(eq(messages.conversationId, c.id));
    expect(stored.filter((m) => m.origin === 'inbox')).toHaveLength(1);
    const job = await g.queues.outboundActions.getJob(sendInboxReplyJobId(first.body.id));
    expect(job?.data).toEqual({ messageId: first.body.id });
    const jobs = await g.queues.outboundActions.getJobs(['waiting', 'delayed', 'active']);
    expect(jobs.filter((j) => j.data.messageId === first.body.id)).toHaveLength(1);
  });

  it('answers two concurrent requests with the same key with one message', async () => {
    const c = await conversationWithReply(g, t);
    const both = await Promise.all([
      reply(c.id, t.agent.token, { text: 'Once' }, 'race'),
      reply(c.id, t.agent.token, { text: 'Once' }, 'race'),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 202]);
    expect(new Set(both.map((r) => r.body.id)).size).toBe(1);
  });

  it('refuses a used key with a different text (409), a missing key, empty text and attachments (400)', async () => {
    const c = await conversationWithReply(g, t);
    await reply(c.id, t.agent.token, { text: 'First' }, 'key-2');
    expect((await reply(c.id, t.agent.token, { text: 'Other' }, 'key-2')).status).toBe(409);
    const missing = await reply(c.id, t.agent.token, { text: 'No key' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ location: 'header', path: 'Idempotency-Key' });
    expect((await reply(c.id, t.agent.token, { text: '   ' }, 'key-3')).body.error.details[0].path).toBe('text');
    expect((await reply(c.id, t.agent.token, { text: 'x'.repeat(8001) }, 'key-4')).status).toBe(400);
    expect((await reply(c.id, t.agent.token, { text: 'file', attachments: [{ name: 'a.pdf' }] }, 'key-5')).body.error.details[0].path).toBe(
      'attachments',
    );
  });

  it('lets no viewer reply (403) and answers 404 for another client’s conversation', async () => {
    const c = await conversationWithReply(g, t);
    expect((await reply(c.id, t.viewer.token, { text: 'Hi' }, 'v')).status).toBe(403);
    expect((await reply(c.id, t.stranger.token, { text: 'Hi' }, 's')).status).toBe(404);
    expect(await g.database.db.select().from(messages).where(eq(messages.conversationId, c.id))).toHaveLength(1);
  });
});
