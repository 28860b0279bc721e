import { findAccountByUnipileId, insertEvent, setAccountStatus, type Db } from '@outreach/db';
import { enqueue, notifyEventJob, type NamedQueue } from '@outreach/queues';
import { isResolvedByReconnection, type AccountStatusChange } from '@outreach/unipile';
import type { MessageOutcome } from './handle-message';

/**
 * Stores an account's status as Unipile reports it, with one `account_status_changed` event per
 * real change. Returns the account id when the status changed, so the caller can retune polling.
 * With `notifications`, the change is handed to the notifier (Slack, webhooks) after the commit.
 */
export async function handleAccountStatus(
  db: Db,
  change: AccountStatusChange,
  notifications?: NamedQueue<'notifications'>,
): Promise<MessageOutcome & { changedAccountId?: string }> {
  const log = { event: 'account_status', account: change.accountId, status: change.status };
  const account = await findAccountByUnipileId(db, change.accountId);
  if (!account) return { outcome: 'unknown_account', log };
  if (account.status === change.status) return { outcome: 'status_updated', clientId: account.clientId, log: { ...log, changed: false } };

  const eventId = await db.transaction(async (tx) => {
    const now = new Date();
    // Back to OK after a disconnection: a pause the sender set because the session was gone (a 401)
    // ends with it. A restriction (403) never does: status deliveries carry no id and no time, so a
    // replayed CREDENTIALS + OK pair must not be able to lift it; an operator resumes it.
    const endPause = change.status === 'OK' && account.pausedReason !== null && isResolvedByReconnection(account.pausedReason);
    await setAccountStatus(tx, account.id, change.status, now, { endPause });
    return insertEvent(tx, {
      clientId: account.clientId,
      linkedinAccountId: account.id,
      type: 'account_status_changed',
      occurredAt: now,
      meta: {
        from: account.status,
        to: change.status,
        detection: 'webhook',
        ...(endPause ? { resumed_from_pause: account.pausedReason } : {}),
      },
    });
  });
  if (notifications) await enqueue({ notifications }, notifyEventJob, { eventId, clientId: account.clientId });
  return {
    outcome: 'status_updated',
    clientId: account.clientId,
    changedAccountId: account.id,
    log: { ...log, from: account.status, changed: true },
  };
}
