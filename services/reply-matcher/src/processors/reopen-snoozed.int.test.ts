import { conversations, inboxEvents } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertConversation, insertTenant, waitFor } from '@outreach/testing';
import { startMatcherHarness, type MatcherHarness } from '../test-support/harness';
import { startMatcherWorkers, type MatcherWorkers } from '../workers';
import { processReopenSnoozed } from './reopen-snoozed';

let h: MatcherHarness;
beforeAll(async () => {
  h = await startMatcherHarness();
});
afterAll(async () => {
  await h.close();
});

const conversationRow = async (id: string) => (await h.database.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;

describe('reopen-snoozed-conversations', () => {
  it('reopens an elapsed snooze with one outbox event, and leaves a future one snoozed', async () => {
    const { account } = await insertTenant(h.database.db);
    const elapsed = await insertConversation(h.database.db, account, { status: 'snoozed', snoozeUntil: new Date(Date.now() - 1000) });
    const future = await insertConversation(h.database.db, account, { status: 'snoozed', snoozeUntil: new Date(Date.now() + 3_600_000) });

    expect((await processReopenSnoozed(h.deps)).reopened).toBeGreaterThanOrEqual(1);
    expect(await processReopenSnoozed(h.deps)).toEqual({ reopened: 0 });

    expect(await conversationRow(elapsed.id)).toMatchObject({ status: 'open', snoozeUntil: null });
    expect((await conversationRow(future.id)).status).toBe('snoozed');
    const outbox = await h.database.db.select().from(inboxEvents).where(eq(inboxEvents.conversationId, elapsed.id));
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ type: 'conversation.updated', payload: { status: 'open', reason: 'snooze_elapsed' } });
  });

  it('reopens a snooze through the scheduled job once its time passes', async () => {
    const { account } = await insertTenant(h.database.db);
    const snoozed = await insertConversation(h.database.db, account, { status: 'snoozed', snoozeUntil: new Date(Date.now() + 300) });
    const workers: MatcherWorkers = await startMatcherWorkers(h.deps, {
      connection: h.redis,
      prefix: h.prefix,
      concurrency: 1,
      snoozeCheckEveryMs: 250,
    });
    try {
      await waitFor(async () => (await conversationRow(snoozed.id)).status === 'open', { timeoutMs: 10_000, what: 'the snooze to elapse' });
    } finally {
      await workers.close();
    }
  });
});
