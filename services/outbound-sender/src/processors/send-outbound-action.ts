import { ensureActionRow, loadSendContext, type SendContext } from '@outreach/db';
import { withdrawalDueAt, type WorkingCalendar } from '@outreach/domain';
import { sendOutboundActionJobId, type ParsedSendOutboundActionPayload } from '@outreach/queues';
import type { SenderDeps } from '../deps';
import { checkSendable } from '../sending/eligibility';
import { recordStopped, recordLeadError, recordAlreadyConnected } from '../sending/outcomes';
import { deferralOf, postponeForDeferral } from '../sending/deferrals';
import { prepareSend } from '../sending/prepare';
import { sendLocked } from '../sending/send-locked';
import { isDeferral, type LockedInput, type SendControl, type SendResult } from '../sending/types';
import { handlePrepareFailure } from '../sending/failures';
import { notifyEvent } from '../sending/notify';

export type { SendControl, SendResult } from '../sending/types';

const calendarOf = (c: SendContext['campaign']): WorkingCalendar => ({
  timezone: c.timezone,
  workingDays: c.workingDays,
  hours: { start: c.workingHoursStart, end: c.workingHoursEnd },
  holidays: c.holidays,
});

/**
 * Sends one step of one lead, at most once:
 * 1. reads the context and leaves early when the action is already over or superseded;
 * 2. checks the lead can still be sent to (cheap, unlocked) — a stop cancels, a closed window or a
 *    cooling account delays the job;
 * 3. resolves the person and the chat on LinkedIn (reads, unlocked);
 * 4. under the lead's row lock: re-checks everything on the fresh row, reconciles a maybe-sent
 *    claim, renders, takes a rate token, commits the claim, calls Unipile, records the outcome.
 */
export async function processSendOutboundAction(
  deps: SenderDeps,
  payload: ParsedSendOutboundActionPayload,
  control: SendControl,
  clock: () => Date = () => new Date(),
): Promise<SendResult> {
  const ctx = await loadSendContext(deps.db, payload);
  if (!ctx) return { outcome: 'lead_gone' };
  const action =
    ctx.action ??
    (await ensureActionRow(deps.db, {
      clientId: ctx.lead.clientId,
      campaignId: ctx.campaign.id,
      leadId: ctx.lead.id,
      linkedinAccountId: ctx.account.id,
      step: payload.step,
      action: payload.action,
      jobId: sendOutboundActionJobId(payload),
    }));
  if (action.revision !== payload.revision) return { outcome: 'superseded', revision: action.revision };
  if (action.status === 'sent' || action.status === 'failed' || action.status === 'cancelled')
    return { outcome: `already_${action.status}` };

  const scope = { lead: ctx.lead, accountId: ctx.account.id, actionId: action.id, step: payload.step };
  const calendar = calendarOf(ctx.campaign);
  const stepDef = ctx.steps.find((s) => s.position === payload.step);
  if (!stepDef) {
    await recordStopped(deps.db, scope, 'step_removed', false, clock());
    return { outcome: 'stopped', reason: 'step_removed' };
  }

  const pre = checkSendable(
    {
      action: payload.action,
      leadStatus: ctx.lead.status,
      campaignStatus: ctx.campaign.status,
      schedulerRunning: true, // re-read under the lock
      account: ctx.account,
      personReplied: false, // re-read under the lock
      calendar,
    },
    clock(),
  );
  if (pre.kind === 'stop') {
    await recordStopped(deps.db, scope, pre.reason, pre.transient, clock());
    return { outcome: 'stopped', reason: pre.reason };
  }
  if (pre.kind === 'wait') return wait(deps, control, clock, ctx, action.id, pre.until, pre.reason);

  let prepared;
  try {
    prepared = await prepareSend(deps, ctx, payload.action, clock());
  } catch (err) {
    return handlePrepareFailure(deps, {
      ctx,
      scope,
      action: payload.action,
      err,
      control,
      clock,
      wait: (until, reason) => wait(deps, control, clock, ctx, action.id, until, reason),
    });
  }
  switch (prepared.kind) {
    case 'wait':
      return wait(deps, control, clock, ctx, action.id, prepared.until, prepared.reason);
    case 'no_identifier':
      await deps.db.transaction((tx) =>
        recordLeadError(
          tx,
          scope,
          payload.action,
          { code: 'invalid_recipient', message: 'the lead has neither a LinkedIn provider id nor a public identifier' },
          clock(),
        ),
      );
      return { outcome: 'lead_error', code: 'invalid_recipient' };
    case 'duplicate_person':
      await deps.db.transaction((tx) =>
        recordLeadError(
          tx,
          scope,
          payload.action,
          { code: 'duplicate_person', message: `another lead of this campaign is the same person (${prepared.providerId})` },
          clock(),
        ),
      );
      return { outcome: 'lead_error', code: 'duplicate_person' };
    case 'ready':
      break;
  }
  if (prepared.firstDegree && payload.action === 'invite') {
    await deps.db.transaction((tx) =>
      recordAlreadyConnected(tx, scope, { messageFirstDegree: ctx.campaign.messageFirstDegree, reason: 'already_connected' }, clock()),
    );
    return { outcome: 'already_connected' };
  }

  const input: LockedInput = {
    ctx,
    payload,
    actionId: action.id,
    stepDef,
    calendar,
    providerId: prepared.providerId,
    chatId: prepared.chatId,
    inviteNextActionAt: (at: Date) => (stepDef.acceptTimeoutDays ? withdrawalDueAt(calendar, at, stepDef.acceptTimeoutDays) : null),
  };
  const result = await sendLocked(deps, input, control, clock);
  await notifyEvent(deps, ctx.lead.clientId, typeof result.eventId === 'number' ? result.eventId : undefined);
  if (isDeferral(result)) return wait(deps, control, clock, ctx, action.id, result.defer.until, result.defer.reason);
  return result;
}

/**
 * Postpones the lead (so ticks leave it alone), counts a cap deferral in the same statement, and
 * moves the job to the delayed set until `until`.
 */
async function wait(
  deps: SenderDeps,
  control: SendControl,
  clock: () => Date,
  ctx: SendContext,
  actionId: string,
  until: Date,
  reason: string,
): Promise<never> {
  await postponeForDeferral(deps.db, ctx.lead.id, until, deferralOf(ctx.account, actionId, reason, until, clock()));
  deps.logger.debug('send waits', { lead_id: ctx.lead.id, until: until.toISOString(), reason });
  return control.defer(until, reason);
}
