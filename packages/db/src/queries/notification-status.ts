import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { notifications } from '../schema';

/** A channel that was not used: a pending notification becomes `skipped` with why. Returns whether a row changed. */
export async function skipPendingNotification(db: DbOrTx, dedupeKey: string, reason: { code: string; message: string }): Promise<boolean> {
  const updated = await db
    .update(notifications)
    .set({ status: 'skipped', errorCode: reason.code, errorMessage: reason.message, updatedAt: new Date() })
    .where(and(eq(notifications.dedupeKey, dedupeKey), eq(notifications.status, 'pending')))
    .returning({ id: notifications.id });
  return updated.length > 0;
}

/** A batch of notifications that will not be sent (a digest for a client switched off or gone). */
export async function skipNotifications(db: DbOrTx, ids: string[], reason: { code?: string; message?: string }): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(notifications)
    .set({ status: 'skipped', errorCode: reason.code, errorMessage: reason.message, updatedAt: new Date() })
    .where(inArray(notifications.id, ids));
}

/**
 * One delivery attempt's outcome on its notification row: `sent`, `failed` for good, or back to
 * `pending` with the attempt's error so the job's retry tries again.
 */
export async function settleNotificationAttempt(
  db: DbOrTx,
  row: { id: string; attempts: number },
  outcome: { status: 'sent' } | { status: 'failed' | 'pending'; errorCode: string; errorMessage: string },
  at: Date = new Date(),
): Promise<void> {
  const fields =
    outcome.status === 'sent'
      ? { status: outcome.status, errorCode: null, errorMessage: null, sentAt: at }
      : { status: outcome.status, errorCode: outcome.errorCode, errorMessage: outcome.errorMessage };
  await db
    .update(notifications)
    .set({ ...fields, attempts: row.attempts + 1, updatedAt: at })
    .where(eq(notifications.id, row.id));
}
