import {
  cancelAction,
  finishAction,
  insertEvent,
  leads,
  linkedinAccounts,
  storeSentMessage,
  transitionLead,
  writeStepSent,
  type DbOrTx,
  type EventType,
  type Lead,
} from '@outreach/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ACTIVE_LEAD_STATUSES, isActiveLeadStatus } from '@outreach/domain';

/** Who an outcome is about; every event carries these. */
export interface OutcomeScope {
  lead: Lead;
  accountId: string;
  actionId: string;
  step: number;
}

const FAILED_EVENT: Record<'invite' | 'message' | 'withdraw', EventType> = {
  invite: 'connection_request_failed',
  message: 'message_failed',
  withdraw: 'connection_request_failed',
};

const event = (s: OutcomeScope, type: EventType, now: Date, meta: Record<string, unknown>, externalId?: string) => ({
  clientId: s.lead.clientId,
  campaignId: s.lead.campaignId,
  leadId: s.lead.id,
  linkedinAccountId: s.accountId,
  type,
  externalId: externalId ?? null,
  occurredAt: now,
  meta: { method: 'unipile_api', step: s.step, ...meta },
});

/** An invitation went out: one `connection_request_sent`, the lead waits for its acceptance. */
export async function recordInviteSent(
  tx: DbOrTx,
  s: OutcomeScope,
  sent: { invitationId: string | null; text: string | null; providerId: string; nextActionAt: Date | null; reconciled?: boolean },
  now: Date,
): Promise<void> {
  await writeStepSent(tx, {
    ...s,
    sent: { kind: 'invite', invitationId: sent.invitationId, nextActionAt: sent.nextActionAt },
    meta: { invitation_id: sent.invitationId, provider_id: sent.providerId, note: sent.text, reconciled: sent.reconciled ?? false },
    at: now,
  });
}

/** A message went out: one `message_sent`, the lead's next step scheduled (or `now` to let the sequencer finish it). */
export async function recordMessageSent(
  tx: DbOrTx,
  s: OutcomeScope,
  sent: { chatId: string | null; messageId: string | null; text: string; nextActionAt: Date; reconciled?: boolean },
  now: Date,
): Promise<void> {
  await writeStepSent(tx, {
    ...s,
    sent: { kind: 'message', chatId: sent.chatId, messageId: sent.messageId, nextActionAt: sent.nextActionAt },
    meta: { unipile_message_id: sent.messageId, chat_id: sent.chatId, text: sent.text, reconciled: sent.reconciled ?? false },
    at: now,
  });
  // The inbox shows the whole thread: what the sequence sent is filed as origin `sequence`.
  if (sent.chatId && sent.messageId) {
    await storeSentMessage(tx, {
      clientId: s.lead.clientId,
      linkedinAccountId: s.accountId,
      leadId: s.lead.id,
      campaignId: s.lead.campaignId,
      chatId: sent.chatId,
      externalMessageId: sent.messageId,
      text: sent.text,
      sentAt: now,
    });
  }
}

/** An unanswered invitation was withdrawn: the lead is `withdrawn`, automation for it ends; `invite_withdrawn` records both. */
export async function recordWithdrawn(tx: DbOrTx, s: OutcomeScope, invitationId: string | null, now: Date, note?: string): Promise<void> {
  await finishAction(tx, s.actionId, 'sent', { invitationId, sentAt: now });
  await transitionLead(tx, s.lead, 'withdrawn', 'accept_timeout', {
    accountId: s.accountId,
    set: { nextActionAt: null, stopReason: 'accept_timeout' },
    event: {
      type: 'invite_withdrawn',
      meta: { method: 'unipile_api', step: s.step, invitation_id: invitationId, ...(note ? { note } : {}) },
    },
    at: now,
  });
}

/** The person turned out to be a first-degree connection already: no invite; on to the messages (or skipped). */
export async function recordAlreadyConnected(
  tx: DbOrTx,
  s: OutcomeScope,
  opts: { messageFirstDegree: boolean; /** The provider's code, or `already_connected` from a profile lookup. */ reason: string },
  now: Date,
): Promise<void> {
  await finishAction(tx, s.actionId, 'cancelled', { errorCode: opts.reason });
  await transitionLead(tx, s.lead, opts.messageFirstDegree ? 'connected' : 'skipped', 'already_connected', {
    accountId: s.accountId,
    set: {
      connectedAt: now,
      currentStep: s.step + 1,
      // The sequencer computes the next step's due time from `connected_at`.
      nextActionAt: opts.messageFirstDegree ? now : null,
      ...(opts.messageFirstDegree ? {} : { stopReason: 'already_connected' }),
      errorCode: null,
      errorMessage: null,
    },
    meta: { method: 'unipile_api', step: s.step, error_code: opts.reason },
    at: now,
  });
}

/** LinkedIn says an invitation is already pending or was just sent: no second one; the lead waits for the acceptance. */
export async function recordAlreadyInvited(tx: DbOrTx, s: OutcomeScope, code: string, nextActionAt: Date | null, now: Date): Promise<void> {
  await finishAction(tx, s.actionId, 'cancelled', { errorCode: code });
  await transitionLead(tx, s.lead, 'invite_sent', 'already_invited', {
    accountId: s.accountId,
    set: { inviteSentAt: now, currentStep: s.step + 1, nextActionAt, errorCode: null, errorMessage: null },
    meta: { method: 'unipile_api', step: s.step, error_code: code },
    at: now,
  });
}

/**
 * The step cannot be sent to this lead (a recipient error, a missing variable): the lead stops in
 * `error`, and the failed event records both. A lead that moved on meanwhile (read before a
 * reply, outside the lock) keeps its status; the failure is still recorded.
 */
export async function recordLeadError(
  tx: DbOrTx,
  s: OutcomeScope,
  action: 'invite' | 'message' | 'withdraw',
  failure: { code: string; message: string; status?: number },
  now: Date,
): Promise<void> {
  await finishAction(tx, s.actionId, 'failed', { errorCode: failure.code, errorMessage: failure.message });
  const failed = event(s, FAILED_EVENT[action], now, {
    error_code: failure.code,
    error_message: failure.message,
    http_status: failure.status ?? null,
  });
  const moved = isActiveLeadStatus(s.lead.status)
    ? await transitionLead(tx, s.lead, 'error', 'send_failed', {
        accountId: s.accountId,
        set: { errorCode: failure.code, errorMessage: failure.message, nextActionAt: null },
        event: { type: failed.type, meta: failed.meta },
        at: now,
      })
    : { changed: false };
  if (!moved.changed) await insertEvent(tx, failed);
}

/**
 * The action will not be sent (a reply, a stop, a pause). A transient stop leaves the lead due now
 * so the sequencer queues the step again when the scheduler or account is back; a paused campaign's
 * lead waits unscheduled, as the pause left all its leads, until resume schedules them again.
 */
export async function recordStopped(
  tx: DbOrTx,
  s: Pick<OutcomeScope, 'lead' | 'actionId'>,
  reason: string,
  transient: boolean,
  now: Date,
): Promise<void> {
  await cancelAction(tx, s.actionId, reason, now);
  if (transient) {
    const nextActionAt = reason.startsWith('campaign_') ? null : now;
    await tx
      .update(leads)
      .set({ nextActionAt, updatedAt: now })
      .where(and(eq(leads.id, s.lead.id), inArray(leads.status, [...ACTIVE_LEAD_STATUSES])));
  }
}

/**
 * A failure that stops the account, not the lead: shown on the lead too (its status unchanged, the
 * step waiting), so whoever looks at the lead sees why nothing went out. Cleared by the next send.
 */
async function noteOnLead(tx: DbOrTx, s: OutcomeScope, code: string, message: string, now: Date): Promise<void> {
  await tx.update(leads).set({ errorCode: code, errorMessage: message, updatedAt: now }).where(eq(leads.id, s.lead.id));
}

/** LinkedIn's own limit was hit: the account rests; a `rate_limited` event says why. Returns the event id. */
export async function coolDownAccount(
  tx: DbOrTx,
  s: OutcomeScope,
  until: Date,
  failure: { code: string; message: string },
  now: Date,
): Promise<number> {
  await noteOnLead(
    tx,
    s,
    failure.code,
    `${failure.message} — the account rests until ${until.toISOString()}, then the step is tried again`,
    now,
  );
  await tx
    .update(linkedinAccounts)
    .set({
      cooldownUntil: sql`greatest(coalesce(${linkedinAccounts.cooldownUntil}, ${until.toISOString()}::timestamptz), ${until.toISOString()}::timestamptz)`,
      updatedAt: now,
    })
    .where(eq(linkedinAccounts.id, s.accountId));
  return insertEvent(
    tx,
    event(s, 'rate_limited', now, { error_code: failure.code, error_message: failure.message, cooldown_until: until.toISOString() }),
  );
}

/** The account cannot act (401/403): paused with the reason until an operator or an OK status resumes it. */
export async function pauseAccount(tx: DbOrTx, s: OutcomeScope, failure: { code: string; message: string }, now: Date): Promise<number> {
  await noteOnLead(tx, s, failure.code, `${failure.message} — the account is paused until it is resumed`, now);
  await tx.update(linkedinAccounts).set({ pausedReason: failure.code, updatedAt: now }).where(eq(linkedinAccounts.id, s.accountId));
  return insertEvent(tx, {
    ...event(s, 'account_status_changed', now, { error_code: failure.code, error_message: failure.message, paused: true }),
    leadId: s.lead.id,
  });
}
