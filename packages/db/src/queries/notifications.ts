import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { notifications } from '../schema';

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationChannel = NotificationRow['channel'];

/** One notification: an event told to a client on one channel. */
export interface NotificationKey {
  clientId: string;
  eventId: number;
  channel: NotificationChannel;
  /** The event type it notifies of (`message_received`, `connection_accepted`, …). */
  kind: string;
}

/** Error messages are kept to this many characters. */
export const NOTIFICATION_MESSAGE_LIMIT = 1000;

/** `<channel>:event:<eventId>`: unique, so a re-run of the same job finds the row and its outcome. */
export const notificationDedupeKey = (channel: NotificationChannel, eventId: number): string => `${channel}:event:${eventId}`;

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
 * Returns whether a row is now skipped by this call.
 */
export async function skipNotificationRow(db: DbOrTx, key: NotificationKey, code: string, message: string): Promise<boolean> {
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
  if (inserted) return true;
  const updated = await db
    .update(notifications)
    .set({ status: 'skipped', errorCode: code, errorMessage: message, updatedAt: new Date() })
    .where(and(eq(notifications.dedupeKey, dedupeKey), eq(notifications.status, 'pending')))
    .returning({ id: notifications.id });
  return updated.length > 0;
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
      errorMessage: outcome.errorMessage?.slice(0, NOTIFICATION_MESSAGE_LIMIT) ?? null,
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
      errorMessage: error.message.slice(0, NOTIFICATION_MESSAGE_LIMIT),
      updatedAt: new Date(),
    })
    .where(and(target, sql`${notifications.status} in ('pending', 'batched')`));
}
