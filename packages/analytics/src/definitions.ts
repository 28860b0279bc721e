import { percentile } from './percentile';
import { rate, type Rate } from './rate';

/**
 * The single set of figure definitions shared by the analytics API and the weekly report
 * (architecture promise 8). README.md in this package states each one in words.
 */

/** Events that are a reply. Read receipts, reactions and own-device echoes never become one. */
export const REPLY_EVENT = 'message_received' as const;
/** An invite we sent. */
export const INVITE_EVENT = 'connection_request_sent' as const;
/** An acceptance seen by the platform; `connection_accepted_historical` (imported connections) is not one. */
export const ACCEPT_EVENT = 'connection_accepted' as const;
/** A message we sent (sequence or, with `meta.origin = 'inbox'`, an operator's manual send). */
export const MESSAGE_EVENT = 'message_sent' as const;

/** `meta.step` of an operator's send from the inbox; such touches are not sequence messages. */
export const MANUAL_STEP = 'manual' as const;

/** Acceptance rate: acceptances ÷ invites sent (`den_name` `invites_sent`). */
export function acceptanceRate(accepted: number, invitesSent: number): Rate {
  return rate(accepted, invitesSent, 'invites_sent');
}

/** Reply rate: distinct leads replied ÷ distinct leads contacted (invite or message) (`leads_contacted`). */
export function replyRate(leadsReplied: number, leadsContacted: number): Rate {
  return rate(leadsReplied, leadsContacted, 'leads_contacted');
}

/** Time-to-first-reply figures over a sample of delays in milliseconds. */
export interface ReplyDelayStats {
  n: number;
  p50_hours: number | null;
  p90_hours: number | null;
}

const HOUR_MS = 3_600_000;

/** p50 and p90 (type-7 percentiles, see {@link percentile}) of delays in ms, in hours. */
export function replyDelayStats(delaysMs: readonly number[]): ReplyDelayStats {
  const hours = delaysMs.map((d) => d / HOUR_MS);
  return { n: hours.length, p50_hours: percentile(hours, 0.5), p90_hours: percentile(hours, 0.9) };
}
