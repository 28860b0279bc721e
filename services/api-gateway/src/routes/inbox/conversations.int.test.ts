import { randomUUID } from 'node:crypto';
import { conversationParticipants, conversations, inboxEvents } from '@outreach/db';
import { eq, sql } from 'drizzle-orm';
import { insertConversation, insertInboxMessage, insertLead } from '@outreach/testing';
import { startGateway, type GatewayHarness } from '../../test-support/harness';
import { conversationWithReply, countWhere, inboxTenant, type InboxTenant } from './inbox-test-support';

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

const list = async (token: string, query = '') => g.call('GET', `/api/inbox/conversations${query}`, { token });

describe('GET /api/inbox/conversations', () => {
  it('lists the tenant’s conversations, most recent first, with meta equal to separate counts', async () => {
    const older = await conversationWithReply(g, t, { at: new Date(Date.now() - 60_000) });
    const newer = await conversationWithReply(g, t);
    const closedMine = await conversationWithReply(g, t, { at: new Date(Date.now() - 120_000) });
    await g.database.db
      .update(conversations)
      .set({ status: 'closed', assigneeUserId: t.agent.id })
      .where(eq(conversations.id, closedMine.id));
    await conversationWithReply(g, await inboxTenant(g));

    const res = await list(t.agent.token, '?status=open');
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([newer.id, older.id]);
    expect(res.body.items[0]).toMatchObject({
      status: 'open',
      unread: true,
      campaign_id: t.campaign.id,
      last_message_direction: 'inbound',
    });

    const byStatus = async (s: string) => countWhere(g, t.client.id, sql`c.status = ${s}`);
    expect(res.body.meta.status).toEqual({
      open: await byStatus('open'),
      pending: await byStatus('pending'),
      snoozed: await byStatus('snoozed'),
      closed: await byStatus('closed'),
    });
    expect(res.body.meta.assignee).toEqual({
      me: await countWhere(g, t.client.id, sql`c.status = 'open' and c.assignee_user_id = ${t.agent.id}::uuid`),
      unassigned: await countWhere(g, t.client.id, sql`c.status = 'open' and c.assignee_user_id is null`),
      all: await countWhere(g, t.client.id, sql`c.status = 'open'`),
    });

    const mine = await list(t.agent.token, '?assignee=me');
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([closedMine.id]);
    expect(mine.body.meta.status).toEqual({ open: 0, pending: 0, snoozed: 0, closed: 1 });
  });

  it('filters by label, account, campaign and unread', async () => {
    const labelled = await conversationWithReply(g, t, { labels: ['hot', 'pricing'] });
    const other = await conversationWithReply(g, t, { campaignId: null });
    const ids = async (q: string) => (await list(t.agent.token, q)).body.items.map((c: { id: string }) => c.id);
    expect(await ids('?label=hot')).toEqual([labelled.id]);
    expect(await ids(`?campaign_id=${t.campaign.id}`)).toEqual([labelled.id]);
    expect((await ids(`?linkedin_account_id=${t.account.id}`)).sort()).toEqual([labelled.id, other.id].sort());
    expect(await ids(`?linkedin_account_id=${randomUUID()}`)).toEqual([]);
    await g.call('POST', `/api/inbox/conversations/${other.id}/read`, { token: t.agent.token });
    expect(await ids('?unread=true')).toEqual([labelled.id]);
    expect(await ids('?unread=false')).toEqual([other.id]);

    // `meta` equals counting under the same filters, whichever way it is counted: the maintained
    // counts (tenant, status, assignee, unread) or the indexes (campaign, account, label).
    await g.database.db.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, labelled.id));
    const metaOf = async (q: string) => (await list(t.agent.token, q)).body.meta;
    const expected = async (cond: ReturnType<typeof sql>) => ({
      status: {
        open: await countWhere(g, t.client.id, sql`${cond} and c.status = 'open'`),
        pending: await countWhere(g, t.client.id, sql`${cond} and c.status = 'pending'`),
        snoozed: await countWhere(g, t.client.id, sql`${cond} and c.status = 'snoozed'`),
        closed: await countWhere(g, t.client.id, sql`${cond} and c.status = 'closed'`),
      },
      assignee: {
        me: await countWhere(g, t.client.id, sql`${cond} and c.assignee_user_id = ${t.agent.id}::uuid`),
        unassigned: await countWhere(g, t.client.id, sql`${cond} and c.assignee_user_id is null`),
        all: await countWhere(g, t.client.id, cond),
      },
    });
    const readByAgent = sql`exists (select 1 from conversation_reads r where r.conversation_id = c.id and r.user_id = ${t.agent.id}::uuid and not r.marked_unread and r.last_read_at >= c.last_inbound_at)`;
    expect(await metaOf('')).toEqual(await expected(sql`true`));
    expect(await metaOf(`?campaign_id=${t.campaign.id}`)).toEqual(await expected(sql`c.campaign_id = ${t.campaign.id}::uuid`));
    expect(await metaOf('?label=pricing')).toEqual(await expected(sql`'pricing' = any(c.labels)`));
    expect(await metaOf('?unread=true')).toEqual(await expected(sql`not ${readByAgent}`));
    expect(await metaOf('?unread=false')).toEqual(await expected(readByAgent));
    expect((await metaOf('?unread=false')).assignee.all).toBe(1);
  });

  it('narrows an admin’s list to one client, and answers 404 to a non-admin naming another client', async () => {
    const mine = await conversationWithReply(g, t);
    const other = await inboxTenant(g);
    const theirs = await conversationWithReply(g, other);
    const admin = await g.createUser('admin', null);
    const ids = async (token: string, q: string) => (await list(token, q)).body.items.map((c: { id: string }) => c.id);
    expect(await ids(admin.token, `?client_id=${t.client.id}&limit=100`)).toEqual([mine.id]);
    expect(await ids(admin.token, `?client_id=${other.client.id}&limit=100`)).toEqual([theirs.id]);
    expect((await list(admin.token, `?client_id=${t.client.id}`)).body.meta.assignee.all).toBe(1);
    expect(await ids(t.agent.token, `?client_id=${t.client.id}`)).toEqual([mine.id]);
    const foreign = await list(t.agent.token, `?client_id=${other.client.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toMatch(/client/);
  });

  it('names the contact of each conversation: the lead, else the participant who is not the account', async () => {
    const lead = await insertLead(g.database.db, t.campaign, { firstName: 'Ada', lastName: 'Lovelace' });
    const withLead = await conversationWithReply(g, t, { leadId: lead.id });
    const unmatched = await conversationWithReply(g, t, { campaignId: null });
    const nobody = await conversationWithReply(g, t, { campaignId: null });
    await g.database.db.insert(conversationParticipants).values([
      { conversationId: unmatched.id, providerId: 'ACoSelf', name: 'Robin Owner', isSelf: true },
      { conversationId: unmatched.id, providerId: 'ACoOther', name: 'Grace Hopper' },
    ]);
    const res = await list(t.agent.token, '?limit=100');
    const names = Object.fromEntries(res.body.items.map((c: { id: string; contact_name: string | null }) => [c.id, c.contact_name]));
    expect(names).toEqual({ [withLead.id]: 'Ada Lovelace', [unmatched.id]: 'Grace Hopper', [nobody.id]: null });
  });

  it('keeps unread per user: user A reading does not clear user B’s unread', async () => {
    const c = await conversationWithReply(g, t);
    const read = await g.call('POST', `/api/inbox/conversations/${c.id}/read`, { token: t.agent.token });
    expect(read.status).toBe(200);
    expect(read.body.unread).toBe(false);
    expect((await g.call('GET', `/api/inbox/conversations/${c.id}`, { token: t.agent.token })).body.unread).toBe(false);
    expect((await g.call('GET', `/api/inbox/conversations/${c.id}`, { token: t.agentB.token })).body.unread).toBe(true);

    const counters = async (token: string) => (await g.call('GET', '/api/inbox/counters', { token })).body.unread.open.all;
    expect(await counters(t.agent.token)).toBe(0);
    expect(await counters(t.agentB.token)).toBe(1);

    // A new inbound message makes it unread again for A; marking unread works without one.
    await insertInboxMessage(g.database.db, c, { direction: 'inbound', sentAt: new Date(Date.now() + 1000) });
    expect(await counters(t.agent.token)).toBe(1);
    await g.call('POST', `/api/inbox/conversations/${c.id}/read`, { token: t.agentB.token });
    await g.call('POST', `/api/inbox/conversations/${c.id}/unread`, { token: t.agentB.token });
    expect(await counters(t.agentB.token)).toBe(1);
  });

  it('searches the tenant’s messages only, through the full-text index', async () => {
    const word = `zebra${randomUUID().slice(0, 6)}`;
    const hit = await conversationWithReply(g, t, { text: `Our ${word} budget is approved` });
    await conversationWithReply(g, t, { text: 'Nothing relevant here' });
    const stranger = await inboxTenant(g);
    await conversationWithReply(g, stranger, { text: `Their ${word} too` });

    const res = await list(t.agent.token, `?q=${word}`);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([hit.id]);
    expect(res.body.meta.assignee.all).toBe(1);

    const plan = await g.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return (await tx.execute(
        sql`explain select m.conversation_id from messages m where m.client_id = ${t.client.id}::uuid and to_tsvector('simple', coalesce(m.text, '')) @@ plainto_tsquery('simple', ${word})`,
      )) as unknown as Array<Record<string, string>>;
    });
    expect(plan.map((r) => Object.values(r)[0]).join('\n')).toContain('messages_search_idx');
  });

  it('pages 1,000 conversations while 50 new ones arrive: no duplicates, no gaps', async () => {
    const base = Date.now() - 10 * 86_400_000;
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      clientId: t.client.id,
      linkedinAccountId: t.account.id,
      chatId: `chat-${randomUUID()}`,
      // Pairs share a timestamp: the id breaks the tie.
      lastMessageAt: new Date(base + Math.floor(i / 2) * 1000),
    }));
    const inserted = await g.database.db.insert(conversations).values(rows).returning({ id: conversations.id });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: Array<{ id: string }>; next_cursor: string | null } } = await list(
        t.agent.token,
        `?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((c) => c.id));
      cursor = res.body.next_cursor;
      pages += 1;
      if (pages <= 5) for (let i = 0; i < 10; i += 1) await insertConversation(g.database.db, t.account);
    } while (cursor && pages < 20);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(1000);
    expect(inserted.every((r) => seen.includes(r.id))).toBe(true);
  });

  it('rejects bad filters by name', async () => {
    const res = await list(t.agent.token, '?status=archived&assignee=someone&limit=0');
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['assignee', 'limit', 'status']);
    expect((await list(t.agent.token, '?cursor=nonsense')).status).toBe(400);
  });
});

describe('GET /api/inbox/conversations/:id and its messages', () => {
  it('shows participants, lead, campaign and last message, and pages messages both ways', async () => {
    const c = await insertConversation(g.database.db, t.account, { campaignId: t.campaign.id });
    const start = Date.now() - 100_000;
    for (let i = 0; i < 5; i += 1)
      await insertInboxMessage(g.database.db, c, {
        direction: i % 2 ? 'outbound' : 'inbound',
        text: `m${i}`,
        sentAt: new Date(start + i * 1000),
      });
    const detail = await g.call('GET', `/api/inbox/conversations/${c.id}`, { token: t.viewer.token });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: c.id,
      campaign: { id: t.campaign.id },
      lead: null,
      participants: [],
      last_message: { text: 'm4', origin: 'prospect' },
    });

    const texts = async (order: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Array<{ text: string }>; next_cursor: string | null } } = await g.call(
          'GET',
          `/api/inbox/conversations/${c.id}/messages?order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          { token: t.viewer.token },
        );
        out.push(...res.body.items.map((m) => m.text));
        cursor = res.body.next_cursor;
      } while (cursor);
      return out;
    };
    expect(await texts('asc')).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(await texts('desc')).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
  });

  it('answers 404 for another client’s conversation, on every route', async () => {
    const c = await conversationWithReply(g, t);
    for (const [method, path, body] of [
      ['GET', `/api/inbox/conversations/${c.id}`, undefined],
      ['GET', `/api/inbox/conversations/${c.id}/messages`, undefined],
      ['POST', `/api/inbox/conversations/${c.id}/read`, undefined],
      ['POST', `/api/inbox/conversations/${c.id}/assign`, { user_id: t.stranger.id }],
      ['POST', `/api/inbox/conversations/${c.id}/status`, { status: 'closed' }],
      ['POST', `/api/inbox/conversations/${c.id}/labels`, { labels: ['x'] }],
    ] as const) {
      expect({ path, status: (await g.call(method, path, { token: t.stranger.token, body })).status }).toEqual({ path, status: 404 });
    }
    expect((await list(t.stranger.token)).body.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
  });
});

describe('triage', () => {
  it('lets a viewer read but not assign, change status or label (403)', async () => {
    const c = await conversationWithReply(g, t);
    expect((await g.call('POST', `/api/inbox/conversations/${c.id}/read`, { token: t.viewer.token })).status).toBe(200);
    expect(
      (await g.call('POST', `/api/inbox/conversations/${c.id}/assign`, { token: t.viewer.token, body: { user_id: t.agent.id } })).status,
    ).toBe(403);
    expect((await g.call('POST', `/api/inbox/conversations/${c.id}/unassign`, { token: t.viewer.token })).status).toBe(403);
    expect(
      (await g.call('POST', `/api/inbox/conversations/${c.id}/status`, { token: t.viewer.token, body: { status: 'closed' } })).status,
    ).toBe(403);
    expect(
      (await g.call('POST', `/api/inbox/conversations/${c.id}/labels`, { token: t.viewer.token, body: { labels: ['a'] } })).status,
    ).toBe(403);
  });

  it('assigns to a user of the client only, unassigns, and writes an outbox event for each change', async () => {
    const c = await conversationWithReply(g, t);
    expect(
      (await g.call('POST', `/api/inbox/conversations/${c.id}/assign`, { token: t.agent.token, body: { user_id: t.stranger.id } })).status,
    ).toBe(404);
    const assigned = await g.call('POST', `/api/inbox/conversations/${c.id}/assign`, {
      token: t.agent.token,
      body: { user_id: t.agentB.id },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee_user_id).toBe(t.agentB.id);
    const unassigned = await g.call('POST', `/api/inbox/conversations/${c.id}/unassign`, { token: t.agent.token });
    expect(unassigned.body.assignee_user_id).toBeNull();
    const outbox = await g.database.db.select().from(inboxEvents).where(eq(inboxEvents.conversationId, c.id)).orderBy(inboxEvents.id);
    expect(outbox.map((e) => [e.type, 'assignee_user_id' in e.payload ? e.payload.assignee_user_id : 'n/a'])).toEqual([
      ['message.created', 'n/a'],
      ['conversation.updated', t.agentB.id],
      ['conversation.updated', null],
    ]);
    expect(outbox.map((e) => e.id)).toEqual([...outbox.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('snoozes until a time or until the reply, and names what is wrong with a bad status', async () => {
    const c = await conversationWithReply(g, t);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snoozed = await g.call('POST', `/api/inbox/conversations/${c.id}/status`, {
      token: t.agent.token,
      body: { status: 'snoozed', snooze_until: until, until_reply: true },
    });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body).toMatchObject({ status: 'snoozed', snooze_until: until, snooze_until_reply: true });
    const bad = async (body: unknown) =>
      (await g.call('POST', `/api/inbox/conversations/${c.id}/status`, { token: t.agent.token, body })).body.error;
    expect((await bad({ status: 'snoozed' })).details[0].path).toBe('snooze_until');
    expect((await bad({ status: 'snoozed', snooze_until: new Date(Date.now() - 1000).toISOString() })).message).toContain(
      'must be in the future',
    );
    expect((await bad({ status: 'closed', until_reply: true })).details[0].path).toBe('status');
    const closed = await g.call('POST', `/api/inbox/conversations/${c.id}/status`, { token: t.agent.token, body: { status: 'closed' } });
    expect(closed.body).toMatchObject({ status: 'closed', snooze_until: null, snooze_until_reply: false });
  });

  it('replaces labels, deduplicated, and refuses too many or odd ones', async () => {
    const c = await conversationWithReply(g, t);
    const res = await g.call('POST', `/api/inbox/conversations/${c.id}/labels`, {
      token: t.agent.token,
      body: { labels: ['hot', 'hot', 'q3 budget'] },
    });
    expect(res.body.labels).toEqual(['hot', 'q3 budget']);
    expect(
      (
        await g.call('POST', `/api/inbox/conversations/${c.id}/labels`, {
          token: t.agent.token,
          body: { labels: Array.from({ length: 21 }, (_, i) => `l${i}`) },
        })
      ).status,
    ).toBe(400);
    expect(
      (await g.call('POST', `/api/inbox/conversations/${c.id}/labels`, { token: t.agent.token, body: { labels: ['<script>'] } })).status,
    ).toBe(400);
  });
});

describe('GET /api/inbox/assignees', () => {
  it('lists the client’s enabled writers to agents, asks admins for a client, and hides other clients', async () => {
    const emails = (res: { body: { items: Array<{ email: string }> } }) => res.body.items.map((u) => u.email).sort();
    const own = await g.call('GET', '/api/inbox/assignees', { token: t.agent.token });
    expect(own.status).toBe(200);
    expect(emails(own)).toEqual([t.agent.email, t.agentB.email].sort());
    const admin = await g.createUser('admin', null);
    expect(emails(await g.call('GET', `/api/inbox/assignees?client_id=${t.client.id}`, { token: admin.token }))).toEqual(
      [t.agent.email, t.agentB.email].sort(),
    );
    const missing = await g.call('GET', '/api/inbox/assignees', { token: admin.token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([{ location: 'query', path: 'client_id', message: 'required for admins' }]);
    expect((await g.call('GET', `/api/inbox/assignees?client_id=${t.client.id}`, { token: t.stranger.token })).status).toBe(404);
  });
});
