import { emails, notifications, skipNotifications, type Tx } from '@outreach/db';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { renderReplyDigest, renderReplyNotification, type OutgoingEmail } from '@outreach/email';
import type { FlushReplyDigestPayload } from '@outreach/queues';
import { ensureDigestFlush, findWindowOpener, lockClientDigest, sendAndRecord } from '../channels/email';
import type { NotifierDeps } from '../deps';
import { skipReason } from '../dispatch';
import { loadEventContexts, toReplySummary } from '../event-context';
import type { ChannelOutcome, JobContext } from '../notifications';
import { loadEffectiveSettings } from '../settings';

/** Replies per digest email; a larger backlog goes out in further digests right after. */
const DIGEST_LIMIT = 100;

export const digestEmailKey = (clientId: string, windowKey: string): string => `reply-digest:${clientId}:${windowKey}`;

export type FlushReplyDigestResult =
  | { outcome: 'sent' | 'failed' | 'unchanged'; emailId: string; replies: number }
  | { outcome: 'empty' }
  | { outcome: 'skipped'; replies: number; reason: string };

type Claim =
  | { kind: 'email'; email: OutgoingEmail & { id: string }; replies: number }
  | { kind: 'empty' }
  | { kind: 'skipped'; replies: number; reason: string };

/**
 * Claims every unclaimed batched reply of the client into one digest email row, under the client's
 * digest lock. The email row and the claim (`notifications.email_id`) commit together, so a retry
 * finds the email by its dedupe key and sends exactly what was claimed, nothing more.
 */
async function claimDigest(deps: NotifierDeps, tx: Tx, payload: FlushReplyDigestPayload): Promise<Claim> {
  await lockClientDigest(tx, payload.clientId);
  const dedupeKey = digestEmailKey(payload.clientId, payload.windowKey);
  const [existing] = await tx.select().from(emails).where(eq(emails.dedupeKey, dedupeKey));
  if (existing) {
    const claimed = await tx.select({ id: notifications.id }).from(notifications).where(eq(notifications.emailId, existing.id));
    const email = {
      id: existing.id,
      clientId: existing.clientId,
      kind: existing.kind,
      dedupeKey,
      to: existing.to,
      subject: existing.subject,
      html: existing.html,
      text: existing.text,
    };
    return { kind: 'email', email, replies: claimed.length };
  }

  const batch = await tx
    .select({ id: notifications.id, eventId: notifications.eventId })
    .from(notifications)
    .where(
      and(
        eq(notifications.clientId, payload.clientId),
        eq(notifications.channel, 'email'),
        eq(notifications.status, 'batched'),
        isNull(notifications.emailId),
      ),
    )
    .orderBy(asc(notifications.createdAt), asc(notifications.id))
    .limit(DIGEST_LIMIT);
  if (batch.length === 0) return { kind: 'empty' };
  const ids = batch.map((n) => n.id);

  const settings = await loadEffectiveSettings(tx, payload.clientId);
  const skip = !settings
    ? { code: 'client_not_found', message: 'the client no longer exists' }
    : (skipReason(deps, settings) ??
      (settings.recipients.length === 0
        ? { code: 'no_recipients', message: 'no notification recipients and no client notification emails' }
        : null));
  if (!settings || skip) {
    await skipNotifications(tx, ids, { code: skip?.code, message: skip?.message });
    return { kind: 'skipped', replies: ids.length, reason: skip?.code ?? 'client_not_found' };
  }

  const contexts = await loadEventContexts(
    tx,
    payload.clientId,
    batch.flatMap((n) => (n.eventId === null ? [] : [n.eventId])),
  );
  const replies = contexts.map(toReplySummary);
  const renderContext = { appBaseUrl: deps.options.appBaseUrl, timeZone: settings.timeZone, clientName: settings.clientName };
  const single = replies.length === 1 && replies[0] ? replies[0] : null;
  const rendered = single
    ? renderReplyNotification(single, renderContext)
    : renderReplyDigest(replies, { ...renderContext, windowMinutes: settings.digestMinutes });
  const kind = single ? ('reply_notification' as const) : ('reply_digest' as const);
  const [row] = await tx
    .insert(emails)
    .values({ clientId: payload.clientId, kind, dedupeKey, to: settings.recipients, ...rendered, transport: deps.transport.name })
    .returning({ id: emails.id });
  if (!row) throw new Error(`digest email ${dedupeKey} was not stored`);
  await tx.update(notifications).set({ emailId: row.id, updatedAt: new Date() }).where(inArray(notifications.id, ids));
  return {
    kind: 'email',
    email: { id: row.id, clientId: payload.clientId, kind, dedupeKey, to: settings.recipients, ...rendered },
    replies: ids.length,
  };
}

/**
 * Sends a client's batched reply notifications as one email when their digest window closes, and
 * marks them sent with the email's id. Replies batched while this ran (after the claim) open the
 * next window, whose flush is scheduled here so none is left waiting for a reply that never comes.
 */
export async function processFlushReplyDigest(
  deps: NotifierDeps,
  payload: FlushReplyDigestPayload,
  ctx: JobContext = { isFinalAttempt: false },
): Promise<FlushReplyDigestResult> {
  const claim = await deps.db.transaction((tx) => claimDigest(deps, tx, payload));
  let result: FlushReplyDigestResult;
  if (claim.kind === 'email') {
    const { id, ...email } = claim.email;
    const outcome: ChannelOutcome = await sendAndRecord(deps, email, { emailId: id }, ctx);
    result = { outcome: outcome === 'sent' ? 'sent' : outcome === 'failed' ? 'failed' : 'unchanged', emailId: id, replies: claim.replies };
  } else {
    result = claim.kind === 'empty' ? { outcome: 'empty' } : { outcome: 'skipped', replies: claim.replies, reason: claim.reason };
  }

  const next = await findWindowOpener(deps.db, payload.clientId);
  if (next && next.id !== payload.windowKey) {
    const settings = await loadEffectiveSettings(deps.db, payload.clientId);
    await ensureDigestFlush(deps, payload.clientId, next, settings?.digestMinutes ?? 0);
  }
  deps.logger.info('reply digest flushed', { client_id: payload.clientId, window: payload.windowKey, ...result });
  return result;
}
