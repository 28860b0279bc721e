import { emails, eq, sql, type Db, type Tx } from '@outreach/db';
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

/** Inserts the row unless its dedupe key exists; returns the stored row either way. */
async function insertOrLoad(tx: Tx, transportName: EmailTransport['name'], email: OutgoingEmail): Promise<EmailRow> {
  const [inserted] = await tx
    .insert(emails)
    .values({ clientId: email.clientId, kind: email.kind, dedupeKey: email.dedupeKey, to: email.to, subject: email.subject, html: email.html, text: email.text, transport: transportName })
    .onConflictDoNothing({ target: emails.dedupeKey })
    .returning();
  if (inserted) return inserted;
  const [existing] = await tx.select().from(emails).where(eq(emails.dedupeKey, email.dedupeKey)).for('update');
  if (!existing) throw new Error(`email ${email.dedupeKey} neither inserted nor found`);
  return existing;
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
 * Two workers holding the same key at once: a transaction-scoped advisory lock on the key is held
 * across the delivery, so the second waits, then finds the row sent and does nothing. A process
 * killed mid-delivery releases the lock with its connection and leaves the row pending; the retry
 * delivers again under the same Resend idempotency key, so Resend still sends once. What is
 * delivered is the stored row (not the caller's copy), so a retry always sends identical content.
 */
export async function sendEmailOnce(
  db: Db,
  transport: EmailTransport,
  email: OutgoingEmail,
  options: SendOnceOptions = {},
): Promise<{ emailId: string; status: SendOnceStatus }> {
  let retryError: EmailDeliveryError | undefined;
  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`email:${email.dedupeKey}`}, 0))`);
    const row = await insertOrLoad(tx, transport.name, email);
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
