import { NOTIFICATION_MESSAGE_LIMIT, notifications, settleNotificationAttempt, skipNotificationRow, type Db, type DbOrTx, type NotificationChannel, type NotificationKey } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { ChannelError, toChannelError } from './channels/http';

// The notification-row queries live in @outreach/db; the notifier's processors keep importing them from here.
export { ensureNotification, finishEmailNotifications, notificationDedupeKey, recordAttemptError, type NotificationKey, type NotificationRow } from '@outreach/db';

export type Channel = NotificationChannel;

/** What a processor did on one channel; the job's return value lists one per channel. */
export type ChannelOutcome = 'sent' | 'failed' | 'skipped' | 'batched' | 'unchanged';

/** Whether this run is the job's last attempt: a retryable failure is then recorded as final. */
export interface JobContext {
  isFinalAttempt: boolean;
}

const MESSAGE_LIMIT = NOTIFICATION_MESSAGE_LIMIT;

/**
 * Records that a channel was not used (platform switch off, client switched off, no recipients).
 * A row still pending from an earlier attempt is skipped too; one already sent or failed stays so.
 */
export async function skipNotification(db: DbOrTx, key: NotificationKey, code: string, message: string): Promise<ChannelOutcome> {
  return (await skipNotificationRow(db, key, code, message)) ? 'skipped' : 'unchanged';
}

/**
 * Runs one Slack or webhook delivery at most once per notification row. The row is locked
 * (`FOR UPDATE`) across the request: a second worker on the same row (a stalled job run twice)
 * waits, then finds it sent. A retryable failure is committed on the row and then thrown, so
 * BullMQ retries with backoff; on the last attempt it is recorded as `failed` instead.
 */
export async function deliverOnce(db: Db, notificationId: string, ctx: JobContext, send: () => Promise<void>): Promise<ChannelOutcome> {
  let retry: ChannelError | undefined;
  const outcome = await db.transaction(async (tx): Promise<ChannelOutcome> => {
    const [row] = await tx.select().from(notifications).where(eq(notifications.id, notificationId)).for('update');
    if (!row || row.status !== 'pending') return 'unchanged';
    const now = new Date();
    try {
      await send();
      await settleNotificationAttempt(tx, row, { status: 'sent' }, now);
      return 'sent';
    } catch (err) {
      const failure = toChannelError(err);
      const isFinal = !failure.retryable || ctx.isFinalAttempt;
      await settleNotificationAttempt(tx, row, { status: isFinal ? 'failed' : 'pending', errorCode: failure.code, errorMessage: failure.message.slice(0, MESSAGE_LIMIT) }, now);
      if (!isFinal) retry = failure;
      return 'failed';
    }
  });
  if (retry) throw retry;
  return outcome;
}
