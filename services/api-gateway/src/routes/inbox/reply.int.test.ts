import { messages, replyAttachmentFiles } from '@outreach/db';
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

  it('refuses a used key with a different text (409), a missing key and empty text (400)', async () => {
    const c = await conversationWithReply(g, t);
    await reply(c.id, t.agent.token, { text: 'First' }, 'key-2');
    expect((await reply(c.id, t.agent.token, { text: 'Other' }, 'key-2')).status).toBe(409);
    const missing = await reply(c.id, t.agent.token, { text: 'No key' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ location: 'header', path: 'Idempotency-Key' });
    expect((await reply(c.id, t.agent.token, { text: '   ' }, 'key-3')).body.error.details[0].path).toBe('text');
    expect((await reply(c.id, t.agent.token, { text: 'x'.repeat(8001) }, 'key-4')).status).toBe(400);
  });

  const pdf = (name = 'quote.pdf', bytes = 1000) => ({
    name,
    mimetype: 'application/pdf',
    content_base64: Buffer.alloc(bytes, 7).toString('base64'),
  });

  it('keeps a reply’s files for the sender and shows their metadata; the same key with other files is 409', async () => {
    const c = await conversationWithReply(g, t);
    const png = { name: 'chart.png', mimetype: 'image/PNG', content_base64: Buffer.from('fake png bytes').toString('base64') };
    const res = await reply(c.id, t.agent.token, { text: 'Here you go', attachments: [pdf(), png] }, 'files-1');
    expect(res.status).toBe(202);
    expect(res.body.attachments).toEqual([
      { id: null, type: 'file', file_name: 'quote.pdf', mimetype: 'application/pdf', file_size: 1000, unavailable: false },
      { id: null, type: 'img', file_name: 'chart.png', mimetype: 'image/png', file_size: 14, unavailable: false },
    ]);
    const files = await g.database.db.select().from(replyAttachmentFiles).where(eq(replyAttachmentFiles.messageId, res.body.id));
    expect(files.map((f) => [f.position, f.fileName, f.content.length])).toEqual([
      [0, 'quote.pdf', 1000],
      [1, 'chart.png', 14],
    ]);
    expect(files[1]!.content.toString()).toBe('fake png bytes');

    const listed = await g.call('GET', `/api/inbox/conversations/${c.id}/messages?order=desc&limit=1`, { token: t.agent.token });
    expect(listed.body.items[0].attachments).toEqual(res.body.attachments);
    expect((await reply(c.id, t.agent.token, { text: 'Here you go', attachments: [pdf()] }, 'files-1')).status).toBe(409);
    expect((await reply(c.id, t.agent.token, { text: 'Here you go', attachments: [pdf(), png] }, 'files-1')).status).toBe(200);
  });

  it('refuses attachments out of bounds with 400 naming the field', async () => {
    const c = await conversationWithReply(g, t);
    const paths = async (attachments: unknown, key: string) => {
      const res = await reply(c.id, t.agent.token, { text: 'file', attachments }, key);
      expect(res.status).toBe(400);
      return res.body.error.details.map((d: { path: string }) => d.path);
    };
    expect(await paths([{ name: 'a.pdf' }], 'b-1')).toEqual(
      expect.arrayContaining(['attachments.0.mimetype', 'attachments.0.content_base64']),
    );
    expect(
      await paths(
        Array.from({ length: 6 }, (_, i) => pdf(`f${i}.pdf`, 10)),
        'b-2',
      ),
    ).toEqual(['attachments']);
    expect(await paths([pdf('big.pdf', 2 * 1024 * 1024 + 1)], 'b-3')).toEqual(['attachments.0.content_base64']);
    // 5.7 MiB in all: each file within its bound, the whole over the reply's (and the body within its 8 MB).
    expect(
      await paths(
        [1, 2, 3].map((i) => pdf(`${i}.pdf`, 1.9 * 1024 * 1024)),
        'b-4',
      ),
    ).toEqual(['attachments']);
    expect(await paths([{ ...pdf(), content_base64: 'not base64!' }], 'b-5')).toEqual(['attachments.0.content_base64']);
    expect(await paths([pdf('../../etc/passwd')], 'b-6')).toEqual(['attachments.0.name']);
    expect(await paths([{ ...pdf(), mimetype: 'pdf' }], 'b-7')).toEqual(['attachments.0.mimetype']);
    expect(await paths([{ ...pdf(), url: 'https://example.com/x.pdf' }], 'b-8')).toEqual(['attachments.0.url']);
    expect(await g.database.db.select().from(messages).where(eq(messages.conversationId, c.id))).toHaveLength(1);
  });

  it('shows the attachments of messages learnt from LinkedIn, whatever shape Unipile sent', async () => {
    const c = await conversationWithReply(g, t);
    await g.database.db
      .update(messages)
      .set({
        attachments: [
          {
            id: 'att-1',
            type: 'img',
            file_size: 1200,
            unavailable: false,
            mimetype: 'image/jpeg',
            url: 'att://x',
            size: { width: 1, height: 1 },
          },
          { id: 'att-2', type: 'file', size: '150', file_size: '150', unavailable: 'false', file_name: 'deck.pdf' },
          'garbage',
        ],
      })
      .where(eq(messages.conversationId, c.id));
    const listed = await g.call('GET', `/api/inbox/conversations/${c.id}/messages`, { token: t.agent.token });
    expect(listed.body.items[0].attachments).toEqual([
      { id: 'att-1', type: 'img', file_name: null, mimetype: 'image/jpeg', file_size: 1200, unavailable: false },
      { id: 'att-2', type: 'file', file_name: 'deck.pdf', mimetype: null, file_size: 150, unavailable: false },
    ]);
  });

  it('lets no viewer reply (403) and answers 404 for another client’s conversation', async () => {
    const c = await conversationWithReply(g, t);
    expect((await reply(c.id, t.viewer.token, { text: 'Hi' }, 'v')).status).toBe(403);
    expect((await reply(c.id, t.stranger.token, { text: 'Hi' }, 's')).status).toBe(404);
    expect(await g.database.db.select().from(messages).where(eq(messages.conversationId, c.id))).toHaveLength(1);
  });
});
