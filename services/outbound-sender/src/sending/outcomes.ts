import { and, eq, inArray, insertEvent, storeSentMessage, leads, linkedinAccounts, outboundActions, sql, type DbOrTx, type EventType, type Lead, type SQL } from '@outreach/db';
import { ACTIVE_LEAD_STATUSES } from '@outreach/domain';

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

async function finishAction(tx: DbOrTx, actionId: string, status: 'sent' | 'failed' | 'cancelled', fields: Partial<typeof outboundActions.$inferInsert> = {}): Promise<void> {
  await tx
    .update(outboundActions)
    .set({ status, ...fields, ...(status === 'sent' ? { sentAt: fields.sentAt ?? new Date() } : {}), updatedAt: new Date() })
    .where(eq(outboundActions.id, actionId));
}

/**
 * One statement for the three writes of a successful step (the action, the lead, its one event):
 * the sender's hot path, where each round trip and each query built showed in bench/sender.
 */
async function recordStepSent(
  tx: DbOrTx,
  s: OutcomeScope,
  input: { action: SQL; lead: SQL; type: EventType; externalId: string | null; meta: Record<string, unknown> },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await tx.execute(sql`
    with action as (
      update outbound_actions set status = 'sent', sent_at = ${at}::timestamptz, updated_at = now(), ${input.action}
       where id = ${s.actionId}::uuid returning id
    ), lead as (
      update leads set last_step_sent_at = ${at}::timestamptz, current_step = ${s.step + 1}, error_code = null, error_message = null, updated_at = now(), ${input.lead}
       where id = ${s.lead.id}::uuid returning id
    )
    insert into events (client_id, campaign_id, lead_id, linkedin_account_id, type, external_id, occurred_at, meta)
    values (${s.lead.clientId}::uuid, ${s.lead.campaignId}::uuid, ${s.lead.id}::uuid, ${s.accountId}::uuid, ${input.type}::event_type,
            ${input.externalId}, ${at}::timestamptz, ${JSON.stringify({ method: 'unipile_api', step: s.step, ...input.meta })}::jsonb)
  `);
}

const timestamp = (d: Date | null) => d?.toISOString() ?? null;

/** An invitation went out: one `connection_request_sent`, the lead waits for its acceptance. */
export async function recordInviteSent(
  tx: DbOrTx,
  s: OutcomeScope,
  sent: { invitationId: string | null; text: string | null; providerId: string; nextActionAt: Date | null; reconciled?: boolean },
  now: Date,
): Promise<void> {
  await recordStepSent(
    tx,
    s,
    {
      action: sql`invitation_id = ${sent.invitationId}`,
      lead: sql`status = 'invite_sent', invite_sent_at = ${now.toISOString()}::timestamptz, next_action_at = ${timestamp(sent.nextActionAt)}::timestamptz`,
      type: 'connection_request_sent',
      externalId: sent.invitationId,
      meta: { invitation_id: sent.invitationId, provider_id: sent.providerId, note: sent.text, reconciled: sent.reconciled ?? false },
    },
    now,
  );
}

/** A message went out: one `message_sent`, the lead's next step scheduled (or `now` to let the sequencer finish it). */
export async function recordMessageSent(
  tx: DbOrTx,
  s: OutcomeScope,
  sent: { chatId: string | null; messageId: string | null; text: string; nextActionAt: Date; reconciled?: boolean },
  now: Date,
): Promise<void> {
  await recordStepSent(
    tx,
    s,
    {
      action: sql`chat_id = ${sent.chatId}, unipile_message_id = ${sent.messageId}`,
      lead: sql`status = 'messaged', next_action_at = ${sent.nextActionAt.toISOString()}::timestamptz, conversation_id = coalesce(${sent.chatId}, conversation_id)`,
      type: 'message_sent',
      externalId: sent.messageId,
      meta: { unipile_message_id: sent.messageId, chat_id: sent.chatId, text: sent.text, reconciled: sent.reconciled ?? false },
    },
    now,
  );
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

/** An unanswered invitation was withdrawn: the lead is `withdrawn`, automation for it ends. */
export async function recordWithdrawn(tx: DbOrTx, s: OutcomeScope, invitationId: string | null, now: Date, note?: string): Promise<void> {
  await finishAction(tx, s.actionId, 'sent', { invitationId, sentAt: now });
  await tx.update(leads).set({ status: 'withdrawn', nextActionAt: null, stopReason: 'accept_timeout', updatedAt: now }).where(eq(leads.id, s.lead.id));
  await insertEvent(tx, event(s, 'invite_withdrawn', now, { invitation_id: invitationId, reason: 'accept_timeout', ...(note ? { note } : {}) }));
}

/** The person turned out to be a first-degree connection already: no invite; on to the messages (or skipped). */
export async function recordAlreadyConnected(tx: DbOrTx, s: OutcomeScope, opts: { messageFirstDegree: boolean; reason: string }, now: Date): Promise<void> {
  await finishAction(tx, s.actionId, 'cancelled', { errorCode: opts.reason });
  const to = opts.messageFirstDegree ? 'connected' : 'skipped';
  await tx
    .update(leads)
    .set({
      status: to,
      connectedAt: now,
      currentStep: s.step + 1,
      // The sequencer computes the next step's due time from `connected_at`.
      nextActionAt: opts.messageFirstDegree ? now : null,
      ...(opts.messageFirstDegree ? {} : { stopReason: 'already_connected' }),
      errorCode: null,
      errorMessage: null,
      updatedAt: now,
    })
    .where(eq(leads.id, s.lead.id));
  await insertEvent(tx, event(s, 'lead_status_changed', now, { from: s.lead.status, to, reason: opts.reason }));
}

/** LinkedIn says an invitation is already pending or was just sent: no second one; the lead waits for the acceptance. */
export async function recordAlreadyInvited(tx: DbOrTx, s: OutcomeScope, code: string, nextActionAt: Date | null, now: Date): Promise<void> {
  await finishAction(tx, s.actionId, 'cancelled', { errorCode: code });
  await tx
    .update(leads)
    .set({ status: 'invite_sent', inviteSentAt: now, currentStep: s.step + 1, nextActionAt, errorCode: null, errorMessage: null, updatedAt: now })
    .where(eq(leads.id, s.lead.id));
  await insertEvent(tx, event(s, 'lead_status_changed', now, { from: s.lead.status, to: 'invite_sent', reason: code }));
}

/** The step cannot be sent to this lead (a recipient error, a missing variable): the lead stops in `error`. */
export async function recordLeadError(tx: DbOrTx, s: OutcomeScope, action: 'invite' | 'message' | 'withdraw', failure: { code: string; message: string; status?: number }, now: Date): Promise<void> {
  await finishAction(tx, s.actionId, 'failed', { errorCode: failure.code, errorMessage: failure.message });
  await tx
    .update(leads)
    .set({ status: 'error', errorCode: failure.code, errorMessage: failure.message, nextActionAt: null, updatedAt: now })
    .where(and(eq(leads.id, s.lead.id), inArray(leads.status, [...ACTIVE_LEAD_STATUSES])));
  await insertEvent(tx, event(s, FAILED_EVENT[action], now, { error_code: failure.code, error_message: failure.message, http_status: failure.status ?? null }));
}

/**
 * The action will not be sent (a reply, a stop, a pause). A transient stop leaves the lead due now
 * so the sequencer queues the step again when the scheduler or account is back; a paused campaign's
 * lead waits unscheduled, as the pause left all its leads, until resume schedules them again.
 */
export async function recordStopped(tx: DbOrTx, s: Pick<OutcomeScope, 'lead' | 'actionId'>, reason: string, transient: boolean, now: Date): Promise<void> {
  await tx
    .update(outboundActions)
    .set({ status: 'cancelled', errorCode: reason, updatedAt: now })
    .where(and(eq(outboundActions.id, s.actionId), inArray(outboundActions.status, ['queued', 'sending'])));
  if (transient) {
    const nextActionAt = reason.startsWith('campaign_') ? null : now;
    await tx.update(leads).set({ nextActionAt, updatedAt: now }).where(and(eq(leads.id, s.lead.id), inArray(leads.status, [...ACTIVE_LEAD_STATUSES])));
  }
}

/** A claimed action goes back to `queued`: the call provably did not reach LinkedIn. */
export async function releaseClaim(tx: DbOrTx, actionId: string, reason: string): Promise<void> {
  await tx.update(outboundActions).set({ status: 'queued', errorCode: reason, updatedAt: new Date() }).where(and(eq(outboundActions.id, actionId), eq(outboundActions.status, 'sending')));
}

/** Pushes a waiting lead's `next_action_at` so ticks leave it alone until its job's delay ends. */
export async function postponeLead(db: DbOrTx, leadId: string, until: Date): Promise<void> {
  await db
    .update(leads)
    .set({ nextActionAt: until, updatedAt: new Date() })
    .where(and(eq(leads.id, leadId), inArray(leads.status, [...ACTIVE_LEAD_STATUSES])));
}

/**
 * A failure that stops the account, not the lead: shown on the lead too (its status unchanged, the
 * step waiting), so whoever looks at the lead sees why nothing went out. Cleared by the next send.
 */
async function noteOnLead(tx: DbOrTx, s: OutcomeScope, code: string, message: string, now: Date): Promise<void> {
  await tx.update(leads).set({ errorCode: code, errorMessage: message, updatedAt: now }).where(eq(leads.id, s.lead.id));
}

/** LinkedIn's own limit was hit: the account rests; a `rate_limited` event says why. Returns the event id. */
export async function coolDownAccount(tx: DbOrTx, s: OutcomeScope, until: Date, failure: { code: string; message: string }, now: Date): Promise<number> {
  await noteOnLead(tx, s, failure.code, `${failure.message} — the account rests until ${until.toISOString()}, then the step is tried again`, now);
  await tx
    .update(linkedinAccounts)
    .set({ cooldownUntil: sql`greatest(coalesce(${linkedinAccounts.cooldownUntil}, ${until.toISOString()}::timestamptz), ${until.toISOString()}::timestamptz)`, updatedAt: now })
    .where(eq(linkedinAccounts.id, s.accountId));
  return insertEvent(tx, event(s, 'rate_limited', now, { error_code: failure.code, error_message: failure.message, cooldown_until: until.toISOString() }));
}

/** The account cannot act (401/403): paused with the reason until an operator or an OK status resumes it. */
export async function pauseAccount(tx: DbOrTx, s: OutcomeScope, failure: { code: string; message: string }, now: Date): Promise<number> {
  await noteOnLead(tx, s, failure.code, `${failure.message} — the account is paused until it is resumed`, now);
  await tx.update(linkedinAccounts).set({ pausedReason: failure.code, updatedAt: now }).where(eq(linkedinAccounts.id, s.accountId));
  return insertEvent(tx, { ...event(s, 'account_status_changed', now, { error_code: failure.code, error_message: failure.message, paused: true }), leadId: s.lead.id });
}
