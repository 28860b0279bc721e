import { median } from './percentile';

/**
 * Inbox figures of the weekly report: how operators answer prospects from the inbox. README.md
 * ("Inbox responses") states them in words; this file is their only definition.
 */

/** `meta.origin` of a `message_sent` event an operator sent from the inbox. */
export const INBOX_ORIGIN = 'inbox' as const;

/** One message of a lead's thread that matters here: the prospect's reply or an operator's inbox send. */
export interface InboxTouch {
  at: Date;
  /** `prospect`: a `message_received`; `operator`: a `message_sent` with `meta.origin = 'inbox'`. */
  kind: 'prospect' | 'operator';
}

/** A wait that an operator ended: the prospect's first unanswered message and the operator's answer. */
export interface FirstResponse {
  waitStartedAt: Date;
  answeredAt: Date;
}

/**
 * The waits of one lead's thread that an operator answered within `[start, end)`. A wait starts at
 * the prospect's first message after the previous operator answer (or ever) and ends at the next
 * operator send after it; more prospect messages in between belong to the same wait, and an operator
 * send with no waiting prospect message (a follow-up) answers nothing. Sequence messages and the
 * owner's own LinkedIn messages never end a wait: only an operator from the inbox answers.
 * Touches at the same instant are taken prospect first.
 */
export function firstResponses(touches: readonly InboxTouch[], period: { start: Date; end: Date }): FirstResponse[] {
  const ordered = [...touches].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === b.kind ? 0 : a.kind === 'prospect' ? -1 : 1));
  const answered: FirstResponse[] = [];
  let waitingSince: Date | null = null;
  for (const t of ordered) {
    if (t.kind === 'prospect') {
      waitingSince ??= t.at;
      continue;
    }
    if (waitingSince === null) continue;
    if (t.at >= period.start && t.at < period.end) answered.push({ waitStartedAt: waitingSince, answeredAt: t.at });
    waitingSince = null;
  }
  return answered;
}

/** The report's inbox figures over the period's answered waits (see {@link firstResponses}). */
export interface InboxResponseStats {
  /** Waits an operator answered from the inbox in the period (a prospect writing three times before the answer counts once). */
  repliesAnswered: number;
  /** Median (type-7 p50) of answer − wait start over those waits, in ms; null without any. */
  medianFirstResponseMs: number | null;
}

/** Folds answered waits into the report's figures. */
export function inboxResponseStats(responses: readonly FirstResponse[]): InboxResponseStats {
  return {
    repliesAnswered: responses.length,
    medianFirstResponseMs: median(responses.map((r) => r.answeredAt.getTime() - r.waitStartedAt.getTime())),
  };
}
