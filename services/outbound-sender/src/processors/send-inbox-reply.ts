import {
  linkedinAccounts,
  loadInboxReply,
  recordInboxReplyFailed,
  recordInboxReplySent,
  releaseInboxReplyClaim,
  claimInboxReplyStatement,
  loadReplyAttachmentFiles,
  type InboxReplyContext,
} from '@outreach/db';
import { eq, sql } from 'drizzle-orm';
import { isOpen, nextOpenAt, type WorkingCalendar } from '@outreach/domain';
import type { SendInboxReplyPayload } from '@outreach/queues';
import { nextLocalMidnight, releaseUsage, reserveUsageAnd } from '@outreach/rate-limits';
import type { SenderDeps } from '../deps';
import { classifyUnipileError, errorMessage } from '../sending/classify-error';
import { recentChatMessages } from '../sending/linkedin';
import { retryTime } from '../sending/retry-time';
import { countDeferral, deferralOf } from '../sending/deferrals';
import type { SendControl, SendResult } from './send-outbound-action';

// Unipile's and our clocks may disagree a little; a sent reply is searched from this long before the claim.
const CLOCK_SKEW_MS = 5 * 60_000;

const calendarOf = (c: NonNullable<InboxReplyContext['campaign']>): WorkingCalendar => ({
  timezone: c.timezone,
  workingDays: c.workingDays,
  hours: { start: c.workingHoursStart, end: c.workingHoursEnd },
  holidays: c.holidays,
});

/** Why a reply cannot go out now: a reason to fail it with, a time to wait until, or nothing. */
function blocker(r: InboxReplyContext, now: Date): { fail: string } | { wait: Date; reason: string } | null {
  if (!r.schedulerRunning) return { fail: 'automation_stopped: sending is stopped platform-wide' };
  if (r.account.pausedReason) return { fail: `account_paused: ${r.account.pausedReason}` };
  if (r.account.status !== 'OK') return { fail: `account_${r.account.status.toLowerCase()}: the LinkedIn account cannot send` };
  if (r.account.cooldownUntil && r.account.cooldownUntil > now) return { wait: r.account.cooldownUntil, reason: 'account_cooldown' };
  // A campaign conversation follows its campaign's working window, as the sequence does.
  if (r.campaign) {
    const cal = calendarOf(r.campaign);
    if (!isOpen(cal, now)) return { wait: nextOpenAt(cal, now), reason: 'outside_window' };
  }
  return null;
}

/**
 * Sends one inbox reply at most once, under the account's limits: checks (pause, account, cooldown,
 * window) → a reclaimed send is first looked for in the chat → Redis token (spacing, daily cap) →
 * claim + durable reservation in one statement (Postgres has the final say on the cap) → Unipile →
 * `sent`, or `failed` with the reason (4xx), a cooldown wait (429), or a retry (5xx, timeout).
 */
export async function processSendInboxReply(
  deps: SenderDeps,
  payload: SendInboxReplyPayload,
  control: SendControl,
  clock: () => Date = () => new Date(),
): Promise<SendResult> {
  const r = await loadInboxReply(deps.db, payload.messageId);
  if (!r) return { outcome: 'message_gone' };
  if (r.message.status !== 'pending') return { outcome: `already_${r.message.status}` };
  const now = clock();
  const block = blocker(r, now);
  if (block && 'fail' in block) {
    await recordInboxReplyFailed(deps.db, r, block.fail);
    return { outcome: 'failed', reason: block.fail };
  }
  if (block) return hold(deps, r, control, block.wait, block.reason, now);

  if (r.message.claimedAt) {
    // A previous attempt may have reached LinkedIn: look before sending again (its reservation stands).
    const found = await findOurReply(deps, r);
    if (found) {
      await deps.db.transaction((tx) => recordInboxReplySent(tx, r, { externalMessageId: found, chatId: r.conversation.chatId }, now));
      return { outcome: 'sent', reconciled: true, message_id: found };
    }
    return callUnipile(deps, r, control, null, clock);
  }

  const taken = await deps.limiter.take(r.account, 'message', now, { callInFlightMs: deps.settings.callInFlightMs });
  if (!taken.ok) return hold(deps, r, control, retryTime(taken, r.account), `message_${taken.reason}`, now);
  const reservation = { day: taken.day };
  let claim: { reserved: boolean; applied: number };
  try {
    claim = await reserveUsageAnd(deps.db, r.account, 'message', taken.day, claimInboxReplyStatement(r.message.id));
  } catch (err) {
    await deps.limiter.refund(r.account, 'message', taken.day);
    await deps.limiter.endCall(r.account, null);
    throw err;
  }
  if (!claim.reserved || claim.applied === 0) {
    if (claim.reserved) await releaseUsage(deps.db, r.account.id, 'message', taken.day);
    await deps.limiter.refund(r.account, 'message', taken.day);
    await deps.limiter.endCall(r.account, null);
    if (!claim.reserved) return hold(deps, r, control, nextLocalMidnight(now, r.account.timezone), 'message_daily_cap', now);
    return { outcome: 'already_claimed' };
  }
  return callUnipile(deps, r, control, reservation, clock);
}

/** The reply waits: a cap deferral is counted (one statement), then the job goes back to the delayed set. */
async function hold(deps: SenderDeps, r: InboxReplyContext, control: SendControl, until: Date, reason: string, now: Date): Promise<never> {
  await countDeferral(deps.db, deferralOf(r.account, r.message.id, reason, until, now));
  return control.defer(until, reason);
}

async function callUnipile(
  deps: SenderDeps,
  r: InboxReplyContext,
  control: SendControl,
  reservation: { day: string } | null,
  clock: () => Date,
): Promise<SendResult> {
  let sent: { message_id: string | null };
  try {
    const attachments = await loadReplyAttachmentFiles(deps.db, r.message.id);
    sent = await deps.unipile.sendMessage({
      chatId: r.conversation.chatId,
      text: r.message.text ?? '',
      accountId: r.account.unipileAccountId,
      attachments,
    });
  } catch (err) {
    await deps.limiter.endCall(r.account, clock());
    return handleFailure(deps, r, control, reservation, err, clock);
  }
  // The injected clock, like the take: the spacing after a call must be on the same time line.
  await deps.limiter.endCall(r.account, clock());
  await deps.db.transaction((tx) =>
    recordInboxReplySent(tx, r, { externalMessageId: sent.message_id, chatId: r.conversation.chatId }, clock()),
  );
  return { outcome: 'sent', message_id: sent.message_id };
}

async function handleFailure(
  deps: SenderDeps,
  r: InboxReplyContext,
  control: SendControl,
  reservation: { day: string } | null,
  err: unknown,
  clock: () => Date,
): Promise<SendResult> {
  const kind = classifyUnipileError(err);
  const reason = errorMessage(err);
  const giveBack = async () => {
    await releaseInboxReplyClaim(deps.db, r.message.id);
    if (!reservation) return;
    await releaseUsage(deps.db, r.account.id, 'message', reservation.day);
    await deps.limiter.refund(r.account, 'message', reservation.day);
  };
  if (kind === 'provider_limit') {
    // Nothing went out: the account rests, the reply waits (a delay, not a failure).
    const until = new Date(clock().getTime() + deps.settings.cooldownMs);
    await giveBack();
    await deps.db
      .update(linkedinAccounts)
      .set({
        cooldownUntil: sql`greatest(coalesce(${linkedinAccounts.cooldownUntil}, ${until.toISOString()}::timestamptz), ${until.toISOString()}::timestamptz)`,
        updatedAt: new Date(),
      })
      .where(eq(linkedinAccounts.id, r.account.id));
    deps.logger.warn('inbox reply hit a provider limit: account cools down', { message_id: r.message.id, until: until.toISOString() });
    return hold(deps, r, control, until, 'account_cooldown', new Date());
  }
  if (kind === 'unknown' && !control.isFinalAttempt) {
    // It may have gone out: the claim stays, and the retry looks in the chat before resending.
    deps.logger.warn('inbox reply outcome unknown: will reconcile and retry', { message_id: r.message.id, err });
    throw err instanceof Error ? err : new Error(reason);
  }
  if (kind !== 'unknown') await giveBack();
  await recordInboxReplyFailed(deps.db, r, reason);
  deps.logger.info('inbox reply failed', { message_id: r.message.id, reason });
  return { outcome: 'failed', reason };
}

/** Our reply in the chat since the claim (same text, sent by the account), if it reached LinkedIn. */
async function findOurReply(deps: SenderDeps, r: InboxReplyContext): Promise<string | null> {
  const since = (r.message.claimedAt?.getTime() ?? Date.now()) - CLOCK_SKEW_MS;
  const recent = await recentChatMessages(deps.unipile, r.conversation.chatId, 20);
  return recent.find((m) => m.is_sender && m.text === r.message.text && new Date(m.timestamp).getTime() >= since)?.id ?? null;
}
