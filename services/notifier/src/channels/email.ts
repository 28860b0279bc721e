import { emails, notifications, type DbOrTx } from '@outreach/db';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { EmailDeliveryError, renderReplyNotification, sendEmailOnce, type OutgoingEmail } from '@outreach/email';
import { enqueue, flushReplyDigestJob } from '@outreach/queues';
import type { NotifierDeps } from '../deps';
import { toReplySummary, type EventContext } from '../event-context';
import {
  ensureNotification,
  finishEmailNotifications,
  recordAttemptError,
  type ChannelOutcome,
  type JobContext,
  type NotificationRow,
} from '../notifications';
import type { EffectiveSettings } from '../settings';

/** The immediate reply email's dedupe key: one email per reply event, ever. */
export const replyEmailKey = (eventId: number): string => `reply:${eventId}`;

/**
 * Serialises a client's digest bookkeeping: adding a batched notification and claiming the batched
 * ones into a digest email. Without it a reply could be added just after a flush read the batch and
 * be left behind with no flush to send it.
 */
export const lockClientDigest = (tx: DbOrTx, clientId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`reply-digest:${clientId}`}, 0))`);

/** The oldest batched email notification no digest has claimed yet: it opens the client's current window. */
export async function findWindowOpener(db: DbOrTx, clientId: string): Promise<Pick<NotificationRow, 'id' | 'createdAt'> | undefined> {
  const [row] = await db
    .select({ id: notifications.id, createdAt: notifications.createdAt })
    .from(notifications)
    .where(
      and(
        eq(notifications.clientId, clientId),
        eq(notifications.channel, 'email'),
        eq(notifications.status, 'batched'),
        isNull(notifications.emailId),
      ),
    )
    .orderBy(asc(notifications.createdAt), asc(notifications.id))
    .limit(1);
  return row;
}

/**
 * Makes sure a flush job exists for the window `opener` opened, due when the window closes. The job
 * id is the window's, so every reply of the window lands on the same delayed job. A flush of this
 * window that failed for good (its opener is still unclaimed, so it never claimed anything) is retried.
 */
export async function ensureDigestFlush(
  deps: NotifierDeps,
  clientId: string,
  opener: Pick<NotificationRow, 'id' | 'createdAt'>,
  digestMinutes: number,
): Promise<void> {
  const dueIn = opener.createdAt.getTime() + digestMinutes * 60_000 - Date.now();
  const job = await enqueue(deps.queues, flushReplyDigestJob, { clientId, windowKey: opener.id }, { delay: dueIn });
  if ((await job.getState()) === 'failed') await job.retry('failed');
}

async function finishFromEmail(
  deps: NotifierDeps,
  where: { id: string } | { emailId: string },
  result: { emailId: string; status: string },
): Promise<ChannelOutcome> {
  // `already_*`: an earlier run (or a concurrent one) delivered it; its notifications may still need the outcome.
  const isNew = result.status === 'sent' || result.status === 'failed';
  if (result.status === 'sent' || result.status === 'already_sent') {
    await finishEmailNotifications(deps.db, where, { status: 'sent', emailId: result.emailId });
    return isNew ? 'sent' : 'unchanged';
  }
  const [email] = await deps.db
    .select({ errorCode: emails.errorCode, errorMessage: emails.errorMessage })
    .from(emails)
    .where(eq(emails.id, result.emailId));
  await finishEmailNotifications(deps.db, where, {
    status: 'failed',
    emailId: result.emailId,
    errorCode: email?.errorCode ?? 'email_failed',
    errorMessage: email?.errorMessage ?? null,
  });
  return isNew ? 'failed' : 'unchanged';
}

/**
 * Sends an email and records its outcome on the notifications it carries. A retryable failure is
 * noted on them (attempts, reason) and rethrown for BullMQ to retry.
 */
export async function sendAndRecord(
  deps: NotifierDeps,
  email: OutgoingEmail,
  where: { id: string } | { emailId: string },
  ctx: JobContext,
): Promise<ChannelOutcome> {
  let result: Awaited<ReturnType<typeof sendEmailOnce>>;
  try {
    result = await sendEmailOnce(deps.db, deps.transport, email, { isFinalAttempt: ctx.isFinalAttempt });
  } catch (err) {
    if (err instanceof EmailDeliveryError) await recordAttemptError(deps.db, where, { code: err.code, message: err.message });
    throw err;
  }
  return finishFromEmail(deps, where, result);
}

/**
 * The email part of a reply notification: at once (digest 0) as its own email, or batched into the
 * client's digest window. Which of the two is decided when the notification row is first written,
 * so a retry after the setting changed finishes the way it started.
 */
export async function notifyReplyByEmail(
  deps: NotifierDeps,
  settings: EffectiveSettings,
  context: EventContext,
  ctx: JobContext,
): Promise<ChannelOutcome> {
  const key = { clientId: settings.clientId, eventId: context.event.id, channel: 'email' as const, kind: context.event.type };
  const { row, opener } =
    settings.digestMinutes > 0
      ? await deps.db.transaction(async (tx) => {
          await lockClientDigest(tx, settings.clientId);
          const inserted = await ensureNotification(tx, key, 'batched');
          return {
            row: inserted,
            opener: inserted.status === 'batched' && !inserted.emailId ? await findWindowOpener(tx, settings.clientId) : undefined,
          };
        })
      : { row: await ensureNotification(deps.db, key, 'pending'), opener: undefined };

  if (row.status === 'batched') {
    if (opener) await ensureDigestFlush(deps, settings.clientId, opener, settings.digestMinutes);
    return row.emailId ? 'unchanged' : 'batched';
  }
  if (row.status !== 'pending') return 'unchanged';

  const rendered = renderReplyNotification(toReplySummary(context), {
    appBaseUrl: deps.options.appBaseUrl,
    timeZone: settings.timeZone,
    clientName: settings.clientName,
  });
  const email: OutgoingEmail = {
    clientId: settings.clientId,
    kind: 'reply_notification',
    dedupeKey: replyEmailKey(context.event.id),
    to: settings.recipients,
    ...rendered,
  };
  return sendAndRecord(deps, email, { id: row.id }, ctx);
}
