import { createHash } from 'node:crypto';
import { appendInboxEvent } from '@outreach/db';
import { wakeInboxRelay } from '@outreach/queues';
import { startGateway, type GatewayHarness } from '../../test-support/harness';
import { conversationWithReply, inboxTenant, type InboxTenant } from './inbox-test-support';

let g: GatewayHarness;
let t: InboxTenant;
beforeAll(async () => {
  // The fallback poll is slower than any wait below: events arrive because their writers wake the relay.
  g = await startGateway({ inboxStream: { pingMs: 300, pollMs: 60_000 } });
});
afterAll(async () => {
  await g.close();
});
beforeEach(async () => {
  t = await inboxTenant(g);
});

interface SseEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

/** An open stream that collects its events and pings until closed. */
async function openStream(token: string, lastEventId?: number) {
  const ticket = (await g.call('POST', '/api/inbox/stream-ticket', { token })).body.ticket as string;
  const controller = new AbortController();
  const res = await fetch(`${g.url}/api/inbox/stream?ticket=${ticket}`, {
    signal: controller.signal,
    headers: lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) },
  });
  const events: SseEvent[] = [];
  let pings = 0;
  let buffer = '';
  const reading = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (block.startsWith(': ping')) pings += 1;
        const fields = Object.fromEntries(block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
        if (fields.id) events.push({ id: Number(fields.id), event: fields.event!, data: JSON.parse(fields.data!) });
      }
    }
  })();
  return {
    status: res.status,
    events,
    pings: () => pings,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

async function until<T>(check: () => T | undefined | false, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 10));
  }
}

const assign = (id: string, userId: string) =>
  g.call('POST', `/api/inbox/conversations/${id}/assign`, { token: t.agent.token, body: { user_id: userId } });

describe('GET /api/inbox/stream', () => {
  it('streams the tenant’s changes live with strictly increasing ids, and pings', async () => {
    const c = await conversationWithReply(g, t);
    const stream = await openStream(t.agent.token);
    expect(stream.status).toBe(200);
    await assign(c.id, t.agentB.id);
    await g.call('POST', `/api/inbox/conversations/${c.id}/status`, { token: t.agent.token, body: { status: 'closed' } });
    await conversationWithReply(g, t, { chatId: `chat-${Date.now()}` });
    wakeInboxRelay(g.deps.queues); // as the reply-matcher does after filing
    await until(() => stream.events.length >= 3, 'three events');
    expect(stream.events.map((e) => e.event)).toEqual(['conversation.updated', 'conversation.updated', 'message.created']);
    expect(stream.events[0]!.data).toMatchObject({ conversation_id: c.id, assignee_user_id: t.agentB.id });
    const ids = stream.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    await until(() => stream.pings() > 0, 'a ping');
    await stream.close();
  });

  it('replays exactly the missed events after a reconnect with Last-Event-ID', async () => {
    const c = await conversationWithReply(g, t);
    const first = await openStream(t.agent.token);
    await assign(c.id, t.agent.id);
    const seen = await until(() => first.events[0], 'the first event');
    await first.close();

    await assign(c.id, t.agentB.id);
    await g.call('POST', `/api/inbox/conversations/${c.id}/unassign`, { token: t.agent.token });
    const second = await openStream(t.agent.token, seen.id);
    await until(() => second.events.length >= 2, 'the missed events');
    expect(second.events.map((e) => e.data.assignee_user_id)).toEqual([t.agentB.id, null]);
    await assign(c.id, t.agent.id);
    await until(() => second.events.length >= 3, 'the live event after the replay');
    expect(second.events.map((e) => e.data.assignee_user_id)).toEqual([t.agentB.id, null, t.agent.id]);
    expect(second.events[0]!.id).toBeGreaterThan(seen.id);
    await second.close();
  });

  it('neither skips nor repeats an event whose writer committed after a later row id', async () => {
    const c = await conversationWithReply(g, t);
    const stream = await openStream(t.agent.token);
    const event = (marker: string) => ({
      clientId: t.client.id,
      conversationId: c.id,
      type: 'conversation.updated',
      payload: { conversation_id: c.id, marker },
    });
    const markers = (s: { events: SseEvent[] }) => s.events.map((e) => e.data.marker);

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let slowRowId = 0;
    let inserted!: () => void;
    const slowInserted = new Promise<void>((r) => (inserted = r));
    const slow = g.database.db.transaction(async (tx) => {
      slowRowId = await appendInboxEvent(tx, event('slow'));
      inserted();
      await held;
    });
    await slowInserted;
    const fastRowId = await g.database.db.transaction((tx) => appendInboxEvent(tx, event('fast')));
    wakeInboxRelay(g.deps.queues);
    expect(fastRowId).toBeGreaterThan(slowRowId);
    const fast = await until(() => stream.events.find((e) => e.data.marker === 'fast'), 'the later row, committed first');
    release();
    await slow;
    wakeInboxRelay(g.deps.queues);
    await until(() => stream.events.some((e) => e.data.marker === 'slow'), 'the earlier row, committed last');
    expect(markers(stream)).toEqual(['fast', 'slow']);
    expect(stream.events[1]!.id).toBeGreaterThan(stream.events[0]!.id);
    await stream.close();

    // Reconnecting after the first: exactly the one committed later comes back, then live events.
    const again = await openStream(t.agent.token, fast.id);
    await g.database.db.transaction((tx) => appendInboxEvent(tx, event('after')));
    wakeInboxRelay(g.deps.queues);
    await until(() => again.events.some((e) => e.data.marker === 'after'), 'the live event after the replay');
    expect(markers(again)).toEqual(['slow', 'after']);
    await again.close();
  });

  it('shows another tenant nothing, and read state only to its user', async () => {
    const c = await conversationWithReply(g, t);
    const stranger = await openStream(t.stranger.token);
    const colleague = await openStream(t.agentB.token);
    await g.call('POST', `/api/inbox/conversations/${c.id}/read`, { token: t.agent.token });
    await assign(c.id, t.agentB.id);
    await until(() => colleague.events.length >= 1, 'the colleague’s event');
    expect(colleague.events.map((e) => e.event)).toEqual(['conversation.updated']);
    // Both streams hang off the same hub, which hands each relayed event to every stream at once.
    await stranger.close();
    await colleague.close();
    expect(stranger.events).toEqual([]);
  });

  it('answers 401 to a used, expired or unknown ticket', async () => {
    const ticket = (await g.call('POST', '/api/inbox/stream-ticket', { token: t.viewer.token })).body.ticket as string;
    const ok = await fetch(`${g.url}/api/inbox/stream?ticket=${ticket}`);
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
    expect((await fetch(`${g.url}/api/inbox/stream?ticket=${ticket}`)).status).toBe(401);

    const expiring = (await g.call('POST', '/api/inbox/stream-ticket', { token: t.viewer.token })).body.ticket as string;
    await g.deps.redis.pexpire(`${g.deps.queuePrefix}:inbox:ticket:${createHash('sha256').update(expiring).digest('hex')}`, 1);
    await new Promise((r) => setTimeout(r, 5));
    expect((await fetch(`${g.url}/api/inbox/stream?ticket=${expiring}`)).status).toBe(401);
    expect((await fetch(`${g.url}/api/inbox/stream?ticket=${'x'.repeat(43)}`)).status).toBe(401);
    expect((await g.call('POST', '/api/inbox/stream-ticket')).status).toBe(401);
  });
});
