import { deliverRowOnce, emails, type Db } from '@outreach/db';
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

/**
 * Stores the email unless its dedupe key exists, committed on its own: a process killed during the
 * delivery below rolls back only the delivery's transaction, never the row, so the retry sends the
 * stored content (same body, same Resend idempotency key) rather than a fresh render.
 */
async function storeOnce(db: Db, transportName: EmailTransport['name'], email: OutgoingEmail): Promise<void> {
  await db
    .insert(emails)
    .values({
      clientId: email.clientId,
      kind: email.kind,
      dedupeKey: email.dedupeKey,
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      transport: transportName,
    })
    .onConflictDoNothing({ target: emails.dedupeKey });
}

function asDeliveryError(err: unknown): EmailDeliveryError {
  if (err instanceof EmailDeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new EmailDeliveryError(message, { code: 'transport_error', status: 0, retryable: true, cause: err });
}

/**
 * One email per dedupeKey, ever: inserts the `emails` row (ON CONFLICT (dedupe_key) DO NOTHING),
 * commits it, then delivers it through `deliverRowOnce` (row lock, at most once) if still pending:
 * sent (provider id) or failed (code + message). A retryable failure (Resend 429/5xx/network) is
 * recorded on the row and thrown so BullMQ retries; a permanent one (4xx such as 422) is recorded as
 * failed and returned.
 *
 * The retry delivers the stored row (not the caller's copy, which may have been rendered again from
 * changed data) under the same Resend idempotency key (the dedupe key), so Resend still sends once
 * even when a process died after Resend accepted the email.
 */
export async function sendEmailOnce(
  db: Db,
  transport: EmailTransport,
  email: OutgoingEmail,
  options: SendOnceOptions = {},
): Promise<{ emailId: string; status: SendOnceStatus }> {
  await storeOnce(db, transport.name, email);
  const outcome = await deliverRowOnce(db, emails, eq(emails.dedupeKey, email.dedupeKey), {
    isFinalAttempt: options.isFinalAttempt === true,
    stamp: { transport: transport.name },
    toFailure: asDeliveryError,
    deliver: async (row: EmailRow) => {
      const { providerMessageId } = await transport.deliver({ ...email, to: row.to, subject: row.subject, html: row.html, text: row.text });
      return { providerMessageId };
    },
  });
  const { row } = outcome;
  if (!row) throw new Error(`email ${email.dedupeKey} was stored but is gone`);
  if (outcome.status !== 'not_pending') return { emailId: row.id, status: outcome.status };
  return { emailId: row.id, status: row.status === 'sent' ? 'already_sent' : 'already_failed' };
}

/** The stored email of a dedupe key, if any: lets a caller skip re-rendering an email already sent. */
export async function findEmailByDedupeKey(db: Db, dedupeKey: string): Promise<EmailRow | undefined> {
  const [row] = await db.select().from(emails).where(eq(emails.dedupeKey, dedupeKey));
  return row;
}
