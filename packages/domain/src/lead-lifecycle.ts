/**
 * The lead lifecycle: its statuses, every transition the platform may make between them and why,
 * and the status sets that gate automation. The only home of these rules; `transitionLead` and its
 * SQL parts in @outreach/db write a status only when this table allows it.
 */

/** Contract: lead status names (shared/design/architecture.md). */
export const LEAD_STATUSES = [
  'pending_invite',
  'invite_sent',
  'connected',
  'messaged',
  'responded',
  'completed',
  'error',
  'skipped',
  'withdrawn',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Statuses in which automation may still act on a lead (the sequencer's due scan and its partial index read these). */
export const ACTIVE_LEAD_STATUSES = ['pending_invite', 'invite_sent', 'connected', 'messaged'] as const satisfies readonly LeadStatus[];

/** Statuses after which nothing more is sent, ever, and whose history an operator cannot rewrite. */
export const TERMINAL_LEAD_STATUSES = ['responded', 'completed'] as const satisfies readonly LeadStatus[];

/** Statuses that say the person accepted the invitation (or was a connection already). */
export const PAST_ACCEPTANCE_LEAD_STATUSES = ['connected', 'messaged', 'responded', 'completed'] as const satisfies readonly LeadStatus[];

const ALL_BUT = (...excluded: LeadStatus[]): readonly LeadStatus[] => LEAD_STATUSES.filter((s) => !excluded.includes(s));

/**
 * The transition table: for each reason, the statuses a lead may leave and the ones it may reach
 * for it. A pair (from → to) is legal only through a reason listing both. The reason is written to
 * the event that records the change (`meta.reason`), next to `from` and `to`.
 */
export const LEAD_TRANSITIONS = {
  /** The sender's invitation went out (or was found sent when a lost claim was reconciled). */
  invite_sent: { from: ['pending_invite'], to: ['invite_sent'] },
  /** LinkedIn says an invitation is already pending: no second one, the lead waits for the acceptance. */
  already_invited: { from: ['pending_invite'], to: ['invite_sent'] },
  /** The person is a first-degree connection already: on to the messages, or skipped when the campaign does not message them. */
  already_connected: { from: ['pending_invite'], to: ['connected', 'skipped'] },
  /** A message step went out; from `pending_invite` when an operator retried a failed message step. */
  message_sent: { from: ['pending_invite', 'connected', 'messaged'], to: ['messaged'] },
  /** The invitation was not accepted within its step's timeout and was withdrawn (or was no longer pending). */
  accept_timeout: { from: ['invite_sent'], to: ['withdrawn'] },
  /** A step cannot be sent to this lead (recipient refused, a variable missing, no identifier). */
  send_failed: { from: ACTIVE_LEAD_STATUSES, to: ['error'] },
  /** The person accepted: even a withdrawn invitation may be accepted from an old notification. */
  invite_accepted: { from: ['pending_invite', 'invite_sent', 'withdrawn'], to: ['connected'] },
  /** The person wrote to us: whatever the lead was doing, automation for it stops. */
  replied: { from: ALL_BUT('responded'), to: ['responded'] },
  /** The same person replied to a lead of another campaign of the client. */
  replied_in_other_campaign: { from: ACTIVE_LEAD_STATUSES, to: ['skipped'] },
  /** Past the last step of the sequence (an invite still waiting is withdrawn or waits instead). */
  sequence_finished: { from: ['pending_invite', 'connected', 'messaged'], to: ['completed'] },
  /** An operator opted the lead out; a terminal lead keeps its history. */
  opted_out: { from: ALL_BUT(...TERMINAL_LEAD_STATUSES, 'skipped'), to: ['skipped'] },
  /** An operator retried a lead that stopped in `error`. */
  retry_requested: { from: ['error'], to: ['pending_invite'] },
} as const satisfies Record<string, { from: readonly LeadStatus[]; to: readonly LeadStatus[] }>;

export type LeadTransitionReason = keyof typeof LEAD_TRANSITIONS;
export const LEAD_TRANSITION_REASONS = Object.keys(LEAD_TRANSITIONS) as LeadTransitionReason[];

/** Thrown for a transition the table does not allow: a bug in the caller, never a user error. */
export class IllegalLeadTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
    readonly reason: string,
  ) {
    super(`illegal lead transition ${from} → ${to} (reason ${reason})`);
    this.name = 'IllegalLeadTransitionError';
  }
}

const includes = (list: readonly string[], value: string): boolean => list.includes(value);

/** Whether `reason` lets a lead go from `from` to `to`. */
export function canTransitionLead(from: string, to: string, reason: LeadTransitionReason): boolean {
  const rule = LEAD_TRANSITIONS[reason];
  return rule !== undefined && includes(rule.from, from) && includes(rule.to, to);
}

/** Throws {@link IllegalLeadTransitionError}, naming both statuses, unless the table allows the transition. */
export function assertLeadTransition(from: string, to: string, reason: LeadTransitionReason): void {
  if (!canTransitionLead(from, to, reason)) throw new IllegalLeadTransitionError(from, to, reason);
}

export type SendAction = 'invite' | 'message' | 'withdraw';

/**
 * Lead statuses from which each outbound action may still go out: exactly the statuses its
 * success may leave, so a send the sender lets through always has a legal outcome.
 */
export const SENDABLE_LEAD_STATUSES: Record<SendAction, readonly LeadStatus[]> = {
  invite: LEAD_TRANSITIONS.invite_sent.from,
  message: LEAD_TRANSITIONS.message_sent.from,
  withdraw: LEAD_TRANSITIONS.accept_timeout.from,
};

/** Statuses in which a lead still waits for an acceptance (connection sync looks for these). */
export const AWAITING_ACCEPTANCE_LEAD_STATUSES: readonly LeadStatus[] = LEAD_TRANSITIONS.invite_accepted.from;

export const isActiveLeadStatus = (status: string): boolean => includes(ACTIVE_LEAD_STATUSES, status);
export const isPastAcceptance = (status: string): boolean => includes(PAST_ACCEPTANCE_LEAD_STATUSES, status);
export const isSendable = (action: SendAction, status: string): boolean => includes(SENDABLE_LEAD_STATUSES[action], status);

/** An acceptance moves a lead forward only if it was still waiting for one. */
export const canMarkConnected = (status: string): boolean => canTransitionLead(status, 'connected', 'invite_accepted');
