import {
  deliverRowOnce,
  notifications,
  skipNotificationRow,
  type Db,
  type DbOrTx,
  type NotificationChannel,
  type NotificationKey,
} from '@outreach/db';
import { eq } from 'drizzle-orm';
import { toChannelError } from './channels/http';

// The notification-row queries live in @outreach/db; the notifier's processors keep importing them from here.
export {
  ensureNotification,
  finishEmailNotifications,
  notificationDedupeKey,
  recordAttemptError,
  type NotificationKey,
  type NotificationRow,
} from '@outreach/db';

export type Channel = NotificationChannel;

/** What a processor did on one channel; the job's return value lists one per channel. */
export type ChannelOutcome = 'sent' | 'failed' | 'skipped' | 'batched' | 'unchanged';

/** Whether this run is the job's last attempt: a retryable failure is then recorded as final. */
export interface JobContext {
  isFinalAttempt: boolean;
}

/**
 * Records that a channel was not used (platform switch off, client switched off, no recipients).
 * A row still pending from an earlier attempt is skipped too; one already sent or failed stays so.
 */
export async function skipNotification(db: DbOrTx, key: NotificationKey, code: string, message: string): Promise<ChannelOutcome> {
  return (await skipNotificationRow(db, key, code, message)) ? 'skipped' : 'unchanged';
}

/**
 * Runs one Slack or webhook delivery at most once per notification row, through the same helper
 * emails use (`deliverRowOnce`): the row is locked across the request, so a second worker on it (a
 * stalled job run twice) waits, then finds it sent. A retryable failure is committed on the row and
 * then thrown, so BullMQ retries with backoff; on the last attempt it is recorded as `failed`.
 * Webhooks carry the row id as their idempotency key (`webhook-id`).
 */
export async function deliverOnce(db: Db, notificationId: string, ctx: JobContext, send: () => Promise<void>): Promise<ChannelOutcome> {
  const outcome = await deliverRowOnce(db, notifications, eq(notifications.id, notificationId), {
    isFinalAttempt: ctx.isFinalAttempt,
    toFailure: toChannelError,
    deliver: async () => {
      await send();
    },
  });
  return outcome.status === 'not_pending' ? 'unchanged' : outcome.status;
}
