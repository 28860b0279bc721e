import { findAccountById, listAccountStatuses } from '@outreach/db';
import { pollRepliesJob, replyPollerId, schedule } from '@outreach/queues';
import type { MatcherDeps } from '../deps';

/** Unipile sends no message webhooks while an account is not OK: poll it more often then. */
export const pollIntervalFor = (deps: MatcherDeps, status: string): number =>
  status === 'OK' ? deps.polling.intervalMs : deps.polling.degradedIntervalMs;

async function ensurePoller(deps: MatcherDeps, accountId: string, status: string): Promise<boolean> {
  const every = pollIntervalFor(deps, status);
  const queue = deps.queues.replyBackfill;
  const existing = await queue.getJobScheduler(replyPollerId(accountId));
  // Upserting an unchanged scheduler would push its next run back each time: only touch real changes.
  if (existing?.every === every && existing.template?.data?.lookbackMinutes === deps.polling.lookbackMinutes) return false;
  await schedule(
    deps.queues,
    pollRepliesJob,
    replyPollerId(accountId),
    { every },
    { linkedinAccountId: accountId, lookbackMinutes: deps.polling.lookbackMinutes, reason: 'scheduled' },
  );
  return true;
}

/** Re-registers one account's poller after its status changed. */
export async function retuneReplyPoller(deps: MatcherDeps, accountId: string): Promise<void> {
  const account = await findAccountById(deps.db, accountId);
  if (account) await ensurePoller(deps, account.id, account.status);
}

/**
 * Keeps exactly one reply poller per LinkedIn account: adds missing ones, retunes intervals, and
 * removes pollers of deleted accounts. Idempotent, so every reply-matcher replica may run it.
 */
export async function processSyncReplyPollers(deps: MatcherDeps): Promise<{ accounts: number; changed: number; removed: number }> {
  const accounts = await listAccountStatuses(deps.db);
  let changed = 0;
  for (const account of accounts) if (await ensurePoller(deps, account.id, account.status)) changed += 1;

  const wanted = new Set(accounts.map((a) => replyPollerId(a.id)));
  const schedulers = await deps.queues.replyBackfill.getJobSchedulers(0, -1);
  let removed = 0;
  for (const scheduler of schedulers) {
    const id = scheduler.key;
    if (id.startsWith('poll-replies-') && !wanted.has(id)) {
      await deps.queues.replyBackfill.removeJobScheduler(id);
      removed += 1;
    }
  }
  return { accounts: accounts.length, changed, removed };
}
