import { emails, type Db, type Tx } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { EmailDeliveryError, type EmailTransport, type OutgoingEmail } from './types';

type EmailRow = typeof emails.$inferSelect;

export type SendOnceStatus = 'sent' | 'failed' | 'already_sent' | 'already_failed';

export interface SendOnceOptions {
  /**
   * The caller's last attempt (BullMQ `attemptsMade + 1 >= attempts`): a retryable failure is then
   * recorded as `failed` and returned, so the row does not stay `pending` forever.
   */
  isFinalAttempt?: boolean;
}

const MESSAGE_LIMIT = 1000;

/**
 * Stores the email unless its dedupe key exists, committed on its own: a process killed during the
 * delivery below rolls back only the delivery's transaction, never the row, so the retry sends the
 * stored content (same body, same Resend idempotency key) rather than a fresh render.
 */
async function storeOnce(db: Db, transportName: EmailTransport['name'], email: OutgoingEmail): Promise<void> {
  await db
    .insert(emails)
    .values({ clientId: email.clientId, kind: email.kind, dedupeKey: email.dedupeKey, to: email.to, subject: email.subject, html: email.html, text: email.text, transport: transportName })
    .onConflictDoNothing({ target: emails.dedupeKey });
}

/** The stored row, locked: a second sender of the same key waits here, then finds it sent. */
async function lockStored(tx: Tx, dedupeKey: string): Promise<EmailRow> {
  const [row] = await tx.select().from(emails).where(eq(emails.dedupeKey, dedupeKey)).for('update');
  if (!row) throw new Error(`email ${dedupeKey} was stored but is gone`);
  return row;
}

function asDeliveryError(err: unknown): EmailDeliveryError {
  if (err instanceof EmailDeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new EmailDeliveryError(message, { code: 'transport_error', status: 0, retryable: true, cause: err });
}

/**
 * One email per dedupeKey, ever: inserts the `emails` row (ON CONFLICT (dedupe_key) DO NOTHING),
 * delivers it if still pending, marks it sent (provider id) or failed (code + message). A retryable
 * failure (Resend 429/5xx/network) is recorded on the row (attempts, last error) and thrown so
 * BullMQ retries; a permanent one (4xx such as 422) is recorded as failed and returned.
 *
 * The row is committed first, then locked for the delivery: two workers holding the same key at
 * once queue on the row lock, and the second finds it sent and does nothing. A process killed
 * mid-delivery loses only the lock and leaves the row pending; the retry delivers the stored row
 * (not the caller's copy, which may have been rendered again from changed data) under the same
 * Resend idempotency key, so Resend still sends once.
 */
export async function sendEmailOnce(
  db: Db,
  transport: EmailTransport,
  email: OutgoingEmail,
  options: SendOnceOptions = {},
): Promise<{ emailId: string; status: SendOnceStatus }> {
  let retryError: EmailDeliveryError | undefined;
  await storeOnce(db, transport.name, email);
  const result = await db.transaction(async (tx) => {
    const row = await lockStored(tx, email.dedupeKey);
    if (row.status === 'sent') return { emailId: row.id, status: 'already_sent' as const };
    if (row.status === 'failed') return { emailId: row.id, status: 'already_failed' as const };

    const stored: OutgoingEmail = { ...email, to: row.to, subject: row.subject, html: row.html, text: row.text };
    try {
      const { providerMessageId } = await transport.deliver(stored);
      const now = new Date();
      await tx
        .update(emails)
        .set({ status: 'sent', transport: transport.name, providerMessageId, attempts: row.attempts + 1, errorCode: null, errorMessage: null, sentAt: now, updatedAt: now })
        .where(eq(emails.id, row.id));
      return { emailId: row.id, status: 'sent' as const };
    } catch (err) {
      const failure = asDeliveryError(err);
      const isFinal = !failure.retryable || options.isFinalAttempt === true;
      await tx
        .update(emails)
        .set({
          status: isFinal ? 'failed' : 'pending',
          transport: transport.name,
          attempts: row.attempts + 1,
          errorCode: failure.code,
          errorMessage: failure.message.slice(0, MESSAGE_LIMIT),
          updatedAt: new Date(),
        })
        .where(eq(emails.id, row.id));
      // Thrown after the commit, so the attempt and its error stay recorded.
      if (!isFinal) retryError = failure;
      return { emailId: row.id, status: 'failed' as const };
    }
  });
  if (retryError) throw retryError;
  return result;
}

/** The stored email of a dedupe key, if any: lets a caller skip re-rendering an email already sent. */
export async function findEmailByDedupeKey(db: Db, dedupeKey: string): Promise<EmailRow | undefined> {
  const [row] = await db.select().from(emails).where(eq(emails.dedupeKey, dedupeKey));
  return row;
}
