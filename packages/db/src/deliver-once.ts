import { eq, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { emails, notifications } from './schema';

/** The tables whose rows stand for one delivery each and share its bookkeeping columns. */
export type DeliveryTable = typeof emails | typeof notifications;

/** Why a delivery failed, and whether another attempt may succeed (Resend 429/5xx, a network error). */
export interface DeliveryFailure extends Error {
  code: string;
  retryable: boolean;
}

export interface DeliverRowOptions<T extends DeliveryTable> {
  /** The caller's last attempt: a retryable failure is then recorded as `failed`, not left pending. */
  isFinalAttempt: boolean;
  /** The delivery itself, given the locked row; may return columns to store with `sent` (a provider id). */
  deliver(row: T['$inferSelect']): Promise<Partial<T['$inferInsert']> | void>;
  /** The caller's failure type for anything `deliver` throws. */
  toFailure(err: unknown): DeliveryFailure;
  /** Columns written with either outcome (the email transport that ran). */
  stamp?: Partial<T['$inferInsert']>;
}

export type DeliverRowOutcome<Row> = { status: 'sent' | 'failed'; row: Row } | { status: 'not_pending'; row: Row | undefined };

const MESSAGE_LIMIT = 1000;

/**
 * Delivers one committed row at most once. The caller commits the row (`pending`) first, so a
 * process killed mid-delivery leaves it pending for the retry, never lost. The row is then locked
 * (`FOR UPDATE`) across the delivery: a second worker on the same row (a stalled job run twice)
 * waits, then finds it no longer pending and does nothing. Success marks it `sent`; a permanent
 * failure, or any failure on the last attempt, marks it `failed`; a retryable one is committed on
 * the row (attempts, reason) and then thrown, so the job retries with backoff. Callers that can
 * pass an idempotency key to the provider (the row's own id or dedupe key) cover the last gap: a
 * delivery that succeeded just before the process died.
 */
export async function deliverRowOnce<T extends DeliveryTable>(
  db: Db,
  table: T,
  where: SQL,
  options: DeliverRowOptions<T>,
): Promise<DeliverRowOutcome<T['$inferSelect']>> {
  // Both tables share the columns used here; drizzle cannot build queries over a union of tables.
  const t = table as unknown as typeof notifications;
  let retry: DeliveryFailure | undefined;
  const outcome = await db.transaction(async (tx): Promise<DeliverRowOutcome<T['$inferSelect']>> => {
    const [row] = (await tx.select().from(t).where(where).for('update')) as Array<T['$inferSelect']>;
    if (!row || row.status !== 'pending') return { status: 'not_pending', row };
    const stamp = options.stamp ?? {};
    try {
      const stored = (await options.deliver(row)) ?? {};
      const now = new Date();
      const set = {
        ...stamp,
        ...stored,
        status: 'sent',
        attempts: row.attempts + 1,
        errorCode: null,
        errorMessage: null,
        sentAt: now,
        updatedAt: now,
      };
      await tx
        .update(t)
        .set(set as Partial<typeof t.$inferInsert>)
        .where(eq(t.id, row.id));
      return { status: 'sent', row };
    } catch (err) {
      const failure = options.toFailure(err);
      const isFinal = !failure.retryable || options.isFinalAttempt;
      const set = {
        ...stamp,
        status: isFinal ? 'failed' : 'pending',
        attempts: row.attempts + 1,
        errorCode: failure.code,
        errorMessage: failure.message.slice(0, MESSAGE_LIMIT),
        updatedAt: new Date(),
      };
      await tx
        .update(t)
        .set(set as Partial<typeof t.$inferInsert>)
        .where(eq(t.id, row.id));
      // Thrown after the commit, so the attempt and its reason stay recorded.
      if (!isFinal) retry = failure;
      return { status: 'failed', row };
    }
  });
  if (retry) throw retry;
  return outcome;
}
