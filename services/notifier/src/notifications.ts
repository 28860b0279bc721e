import { and, deliverRowOnce, eq, notifications, sql, type Db, type DbOrTx } from '@outreach/db';
import { toChannelError } from './channels/http';

export type Channel = 'email' | 'slack' | 'webhook';
export type NotificationRow = typeof notifications.$inferSelect;

/** What a processor did on one channel; the job's return value lists one per channel. */
export type ChannelOutcome = 'sent' | 'failed' | 'skipped' | 'batched' | 'unchanged';

/** Whether this run is the job's last attempt: a retryable failure is then recorded as final. */
export interface JobContext {
  isFinalAttempt: boolean;
}

export interface NotificationKey {
  clientId: string;
  eventId: number;
  channel: Channel;
  /** The event type it notifies of (`message_received`, `connection_accepted`, …). */
  kind: string;
}

const MESSAGE_LIMIT = 1000;

/** `<channel>:event:<eventId>`: unique, so a re-run of the same job finds the row and its outcome. */
export const notificationDedupeKey = (channel: Channel, eventId: number): string => `${channel}:event:${eventId}`;

/** Inserts the notification unless it exists; returns the stored row either way. */
export async function ensureNotification(
  db: DbOrTx,
  key: NotificationKey,
  status: 'pending' | 'batched' = 'pending',
): Promise<NotificationRow> {
  const dedupeKey = notificationDedupeKey(key.channel, key.eventId);
  const [inserted] = await db
    .insert(notifications)
    .values({ clientId: key.clientId, eventId: key.eventId, channel: key.channel, kind: key.kind, dedupeKey, status })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning();
  if (inserted) return inserted;
  const [existing] = await db.select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
  if (!existing) throw new Error(`notification ${dedupeKey} neither inserted nor found`);
  return existing;
}

/**
 * Records that a channel was not used (platform switch off, client switched off, no recipients).
 * A row still pending from an earlier attempt is skipped too; one already sent or failed stays so.
 */
export async function skipNotification(db: DbOrTx, key: NotificationKey, code: string, message: string): Promise<ChannelOutcome> {
  const dedupeKey = notificationDedupeKey(key.channel, key.eventId);
  const [inserted] = await db
    .insert(notifications)
    .values({
      clientId: key.clientId,
      eventId: key.eventId,
      channel: key.channel,
      kind: key.kind,
      dedupeKey,
      status: 'skipped',
      errorCode: code,
      errorMessage: message,
    })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  if (inserted) return 'skipped';
  const updated = await db
    .update(notifications)
    .set({ status: 'skipped', errorCode: code, errorMessage: message, updatedAt: new Date() })
    .where(and(eq(notifications.dedupeKey, dedupeKey), eq(notifications.status, 'pending')))
    .returning({ id: notifications.id });
  return updated.length > 0 ? 'skipped' : 'unchanged';
}

/** Marks notifications with the outcome of the email that carried them. */
export async function finishEmailNotifications(
  db: DbOrTx,
  where: { id: string } | { emailId: string },
  outcome: { status: 'sent' | 'failed'; emailId: string; errorCode?: string | null; errorMessage?: string | null },
): Promise<void> {
  const now = new Date();
  const target = 'id' in where ? eq(notifications.id, where.id) : eq(notifications.emailId, where.emailId);
  await db
    .update(notifications)
    .set({
      status: outcome.status,
      emailId: outcome.emailId,
      attempts: sql`${notifications.attempts} + 1`,
      errorCode: outcome.errorCode ?? null,
      errorMessage: outcome.errorMessage?.slice(0, MESSAGE_LIMIT) ?? null,
      sentAt: outcome.status === 'sent' ? now : null,
      updatedAt: now,
    })
    .where(and(target, sql`${notifications.status} in ('pending', 'batched')`));
}

/** Keeps a failed attempt's reason on rows that stay pending (or batched) for the next attempt. */
export async function recordAttemptError(
  db: DbOrTx,
  where: { id: string } | { emailId: string },
  error: { code: string; message: string },
): Promise<void> {
  const target = 'id' in where ? eq(notifications.id, where.id) : eq(notifications.emailId, where.emailId);
  await db
    .update(notifications)
    .set({
      attempts: sql`${notifications.attempts} + 1`,
      errorCode: error.code,
      errorMessage: error.message.slice(0, MESSAGE_LIMIT),
      updatedAt: new Date(),
    })
    .where(and(target, sql`${notifications.status} in ('pending', 'batched')`));
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
