import { createInboxReply, messages } from '@outreach/db';
import { eq, sql } from 'drizzle-orm';
import { sendInboxReplyJobId } from '@outreach/queues';
import { insertConversation, insertTenant } from '@outreach/testing';
import { startMatcherHarness, type MatcherHarness } from '../test-support/harness';
import { processSweepInboxReplies } from './sweep-inbox-replies';

let h: MatcherHarness;
beforeAll(async () => {
  h = await startMatcherHarness();
});
afterAll(async () => {
  await h.close();
});

/** A reply written in the inbox whose send job was never added (the gateway died after the commit). */
async function pendingReply(conversation: Awaited<ReturnType<typeof insertConversation>>, minutesAgo: number) {
  const { message } = await createInboxReply(h.database.db, {
    conversation,
    userId: null,
    idempotencyKey: `k-${Math.random()}`,
    text: 'Sure, Tuesday works',
  });
  await h.database.db.execute(
    sql`update messages set created_at = now() - make_interval(mins => ${minutesAgo}) where id = ${message.id}::uuid`,
  );
  return message;
}

const sendJob = (messageId: string) => h.deps.queues.outboundActions.getJob(sendInboxReplyJobId(messageId));

describe('sweep-inbox-replies', () => {
  it('re-enqueues a reply left pending without its job, once, and leaves fresh and sent ones alone', async () => {
    const { account } = await insertTenant(h.database.db);
    const conversation = await insertConversation(h.database.db, account);
    const lost = await pendingReply(conversation, 5);
    const fresh = await pendingReply(conversation, 0);
    const sent = await pendingReply(conversation, 5);
    await h.database.db.update(messages).set({ status: 'sent' }).where(eq(messages.id, sent.id));
    expect(await sendJob(lost.id)).toBeUndefined();

    expect((await processSweepInboxReplies(h.deps)).enqueued).toBeGreaterThanOrEqual(1);
    const job = await sendJob(lost.id);
    expect(job?.data).toEqual({ messageId: lost.id });
    expect(job?.name).toBe('send-inbox-reply');
    expect(await sendJob(fresh.id)).toBeUndefined();
    expect(await sendJob(sent.id)).toBeUndefined();

    // A second sweep (or one overlapping) finds the job in place: still the same one job.
    await processSweepInboxReplies(h.deps);
    const again = await sendJob(lost.id);
    expect(again?.timestamp).toBe(job!.timestamp);
    expect(await h.deps.queues.outboundActions.getJobCountByTypes('waiting', 'delayed', 'prioritized')).toBeGreaterThanOrEqual(1);
  });
});
