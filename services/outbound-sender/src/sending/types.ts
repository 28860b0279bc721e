import type { SendContext, SequenceStep } from '@outreach/db';
import type { WorkingCalendar } from '@outreach/domain';
import type { ParsedSendOutboundActionPayload } from '@outreach/queues';

/** How the worker lets a job wait without spending an attempt. */
export interface SendControl {
  /** Moves the job back to the delayed set until `until`; never returns. */
  defer(until: Date, reason: string): Promise<never>;
  /** The last attempt BullMQ will make: an unknown outcome now becomes a lead error instead of a retry. */
  isFinalAttempt: boolean;
}

export type SendResult = { outcome: string; [key: string]: unknown };

export interface LockedInput {
  ctx: SendContext;
  payload: ParsedSendOutboundActionPayload;
  actionId: string;
  stepDef: SequenceStep;
  calendar: WorkingCalendar;
  providerId: string | null;
  chatId: string | null;
  /** When an invitation sent at `at` is withdrawn if unanswered (null: never). */
  inviteNextActionAt(at: Date): Date | null;
}

/** An outcome, or a wait: the job goes back to the delayed set (after the transaction committed). */
export type Deferral = { defer: { until: Date; reason: string }; eventId?: number };
export type LockedResult = SendResult | Deferral;

export const isDeferral = (r: LockedResult): r is Deferral => typeof (r as Deferral).defer === 'object' && (r as Deferral).defer !== null;
