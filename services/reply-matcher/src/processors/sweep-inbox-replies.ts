import { listStalePendingInboxReplies } from '@outreach/db';
import { enqueueBulk, INBOX_REPLY_STALE_MS, sendInboxReplyJob } from '@outreach/queues';
import type { MatcherDeps } from '../deps';

const BATCH = 500;

/**
 * Re-enqueues the send jobs of inbox replies pending for more than a minute (see
 * `sweepInboxRepliesJob`). The job id is the message's, so adding one that exists changes nothing.
 */
export async function processSweepInboxReplies(deps: MatcherDeps, now: Date = new Date()): Promise<{ enqueued: number }> {
  const ids = await listStalePendingInboxReplies(deps.db, new Date(now.getTime() - INBOX_REPLY_STALE_MS), BATCH);
  await enqueueBulk(
    deps.queues,
    sendInboxReplyJob,
    ids.map((messageId) => ({ payload: { messageId } })),
  );
  if (ids.length > 0) deps.logger.info('pending inbox replies re-enqueued', { messages: ids.length });
  return { enqueued: ids.length };
}
