import { claimAction, claimActionStatement, lockSendState, type Tx } from '@outreach/db';
import { enqueue, pollRepliesJob } from '@outreach/queues';
import { nextLocalMidnight, releaseUsage, reserveUsageAnd, type RateAction } from '@outreach/rate-limits';
import type { SenderDeps } from '../deps';
import { checkSendable } from './eligibility';
import { nextStepAt } from './next-step';
import { handleSendFailure } from './send-failures';
import { deliverMessage, recentChatMessages } from './linkedin';
import { recordInviteSent, recordLeadError, recordMessageSent, recordStopped, type OutcomeScope } from './outcomes';
import { renderStepText, templateValues } from './personalise';
import { reconcileClaim } from './reconcile';
import { retryTime } from './retry-time';
import type { LockedInput, LockedResult, SendControl, SendResult } from './types';
import { withdrawInvitation } from './withdraw';

/**
 * The send proper, inside one transaction that holds the lead's row lock from the final checks to
 * the recorded outcome. The reply path takes the same lock, so a reply either lands before (and the
 * checks see it: nothing is sent) or waits until the outcome is recorded. The claim (queued →
 * sending) and the durable rate reservation commit on a second connection before Unipile is
 * called: if the process dies during the call, the row says "maybe sent" and the retry reconciles.
 */
export async function sendLocked(deps: SenderDeps, input: LockedInput, control: SendControl, clock: () => Date): Promise<LockedResult> {
  const { ctx, payload } = input;
  const rateAction: RateAction | null = payload.action === 'withdraw' ? null : payload.action;
  // Set while a Redis token is held that no reservation in Postgres backs yet: given back on any early exit.
  let unbacked: { action: RateAction; day: string } | null = null;
  // Set from the take until the call ends: the account's in-flight marker must be cleared on every path.
  let callOpen = false;
  const endCall = async (called: boolean) => {
    if (!callOpen) return;
    callOpen = false;
    // The injected clock, like the take: the spacing after a call must be on the same time line.
    await deps.limiter.endCall(ctx.account, called ? clock() : null);
  };
  try {
    return await deps.db.transaction(async (tx): Promise<LockedResult> => {
      const st = await lockSendState(tx, ctx.lead.id, input.actionId);
      if (!st) return { outcome: 'lead_gone' };
      if (!st.action || st.action.revision !== payload.revision || (st.action.status !== 'queued' && st.action.status !== 'sending')) {
        return { outcome: 'already_handled', status: st.action?.status ?? null };
      }
      const now = clock();
      const scope: OutcomeScope = { lead: st.lead, accountId: ctx.account.id, actionId: input.actionId, step: payload.step };
      const verdict = checkSendable(
        {
          action: payload.action,
          leadStatus: st.lead.status,
          campaignStatus: st.campaignStatus,
          schedulerRunning: st.schedulerRunning,
          account: st.account,
          personReplied: st.personReplied,
          calendar: input.calendar,
        },
        now,
      );
      if (verdict.kind === 'stop') {
        await recordStopped(tx, scope, verdict.reason, verdict.transient, now);
        return { outcome: 'stopped', reason: verdict.reason };
      }
      if (verdict.kind === 'wait') return { defer: { until: verdict.until, reason: verdict.reason } };

      // Rendered from the row just locked: the values can only be this lead's, as they are now.
      let text: string | null = null;
      if (payload.action !== 'withdraw' && (payload.action === 'message' || input.stepDef.template.trim())) {
        const rendered = renderStepText(input.stepDef.template, templateValues(st.lead, st.campaignName, ctx.account.name), payload.action);
        if (!rendered.ok) {
          await recordLeadError(tx, scope, payload.action, { code: rendered.code, message: rendered.message }, now);
          return { outcome: 'lead_error', code: rendered.code };
        }
        if (payload.action === 'message' && !rendered.text) {
          await recordLeadError(tx, scope, payload.action, { code: 'empty_message', message: 'the step renders to an empty message' }, now);
          return { outcome: 'lead_error', code: 'empty_message' };
        }
        text = rendered.text || null;
      }

      const reclaim = st.action.status === 'sending';
      if (reclaim) {
        // The attempt whose outcome is unknown may still be waiting on its call: it lost its job
        // lock (a stall, a Redis restart), not its life. Looking on LinkedIn now could miss what that
        // call is about to create and send a second time, so look only once the call must have ended.
        const settledAt = (st.action.claimedAt?.getTime() ?? 0) + deps.settings.callInFlightMs;
        if (settledAt > now.getTime()) return { defer: { until: new Date(settledAt), reason: 'outcome_pending' } };
        const reconciled = await reconcileClaim(deps, tx, {
          input,
          scope,
          claimedAt: st.action.claimedAt,
          renderedText: st.action.renderedText,
          now,
        });
        if (reconciled) return reconciled;
      }

      if (payload.action === 'message' && input.chatId && (await hasUnrecordedReply(deps, input.chatId, st.lead))) {
        // LinkedIn has a reply our records do not: let the reply path record it before anything is sent.
        await enqueue(deps.queues, pollRepliesJob, {
          linkedinAccountId: ctx.account.id,
          lookbackMinutes: 60 * 24 * 30,
          reason: 'on_demand',
        });
        return { defer: { until: new Date(now.getTime() + deps.settings.unrecordedReplyRecheckMs), reason: 'unrecorded_reply' } };
      }

      // A re-claim reuses the reservation of the attempt whose outcome was unknown.
      let reservation: { action: RateAction; day: string } | null = null;
      if (rateAction && !reclaim) {
        const taken = await deps.limiter.take(ctx.account, rateAction, now, { callInFlightMs: deps.settings.callInFlightMs });
        if (!taken.ok) return { defer: { until: retryTime(taken, ctx.account), reason: `${rateAction}_${taken.reason}` } };
        reservation = { action: rateAction, day: taken.day };
        unbacked = reservation;
        callOpen = true;
      }
      // The claim commits on its own (not in this transaction) before the call: a crash during the
      // call leaves a row that says "maybe sent". With a token, the claim and the durable rate
      // reservation are one statement: Postgres, the cap's arbiter, counts exactly the claims.
      let claim: 'claimed' | 'lost' | 'cap';
      if (reservation) {
        const r = await reserveUsageAnd(
          deps.db,
          ctx.account,
          reservation.action,
          reservation.day,
          claimActionStatement(input.actionId, payload.revision, text),
        );
        claim = !r.reserved ? 'cap' : r.applied > 0 ? 'claimed' : 'lost';
        if (claim === 'lost') await releaseUsage(deps.db, ctx.account.id, reservation.action, reservation.day);
      } else {
        claim = (await claimAction(deps.db, input.actionId, payload.revision, text)) ? 'claimed' : 'lost';
      }
      if (claim === 'lost') return { outcome: 'already_handled' };
      if (claim === 'cap') {
        // Postgres, the arbiter, says the day is full although Redis let us through (it lost counts).
        unbacked = null;
        return { defer: { until: nextLocalMidnight(now, ctx.account.timezone), reason: `${rateAction}_daily_cap` } };
      }
      unbacked = null;

      try {
        return await callUnipile(deps, tx, input, scope, text, now, () => endCall(true));
      } catch (err) {
        await endCall(true);
        return handleSendFailure(deps, tx, {
          input,
          scope,
          err,
          control,
          now,
          releaseReservation: async () => {
            if (!reservation) return;
            await releaseUsage(tx, ctx.account.id, reservation.action, reservation.day);
            await deps.limiter.refund(ctx.account, reservation.action, reservation.day);
          },
        });
      }
    });
  } finally {
    const held = unbacked as { action: RateAction; day: string } | null;
    if (held) await deps.limiter.refund(ctx.account, held.action, held.day);
    await endCall(false);
  }
}

async function callUnipile(
  deps: SenderDeps,
  tx: Tx,
  input: LockedInput,
  scope: OutcomeScope,
  text: string | null,
  now: Date,
  callEnded: () => Promise<void>,
): Promise<SendResult> {
  const { ctx, payload } = input;
  const accountId = ctx.account.unipileAccountId;
  if (payload.action === 'withdraw') return withdrawInvitation(deps, tx, input, scope, now);
  if (!input.providerId) throw new Error('provider id missing after preparation');
  if (payload.action === 'invite') {
    const sent = await deps.unipile.sendInvitation({ accountId, providerId: input.providerId, ...(text ? { message: text } : {}) });
    await callEnded();
    await recordInviteSent(
      tx,
      scope,
      { invitationId: sent.invitation_id, text, providerId: input.providerId, nextActionAt: input.inviteNextActionAt(now) },
      now,
    );
    return { outcome: 'sent', action: 'invite', invitation_id: sent.invitation_id };
  }
  const sent = await deliverMessage(deps.unipile, { accountId, chatId: input.chatId, providerId: input.providerId, text: text ?? '' });
  await callEnded();
  await recordMessageSent(
    tx,
    scope,
    { chatId: sent.chatId, messageId: sent.messageId, text: text ?? '', nextActionAt: nextStepAt(input, now) },
    now,
  );
  return { outcome: 'sent', action: 'message', message_id: sent.messageId, chat_id: sent.chatId };
}

/** An inbound message in the chat newer than our last step: a reply we have not recorded yet. */
async function hasUnrecordedReply(
  deps: SenderDeps,
  chatId: string,
  lead: { lastStepSentAt: Date | null; inviteSentAt: Date | null; createdAt: Date },
): Promise<boolean> {
  const since = lead.lastStepSentAt ?? lead.inviteSentAt ?? lead.createdAt;
  try {
    const messages = await recentChatMessages(deps.unipile, chatId, 10);
    return messages.some((m) => !m.is_sender && new Date(m.timestamp) > since);
  } catch (err) {
    // Only an extra safety check: the send itself will surface a real Unipile problem.
    deps.logger.warn('could not read the chat before sending', { chat_id: chatId, err });
    return false;
  }
}
