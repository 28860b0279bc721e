import { dueAt, isOpen, nextOpenAt, stepDelay, withdrawalDueAt } from '@outreach/domain';
import type { DueLead } from '@outreach/db';

/** What the sequencer does with one due lead. */
export type LeadPlan =
  | { kind: 'enqueue'; step: number; action: 'invite' | 'message' | 'withdraw' }
  /** Not due yet after all (the calendar or the step's delay says later). */
  | { kind: 'reschedule'; at: Date }
  /** Past the last step: the sequence is over for this lead. */
  | { kind: 'complete' }
  /** Waiting on the prospect (an invite with no accept timeout): nothing to do until an acceptance. */
  | { kind: 'wait' }
  /** A connected lead standing on an invite step: that step is skipped. */
  | { kind: 'skip_to'; step: number };

/** The window as of one instant, per campaign: a tick asks the same two questions for thousands of leads. */
export interface WindowAt {
  isOpen(lead: Pick<DueLead, 'campaignId' | 'calendar'>): boolean;
  nextOpen(lead: Pick<DueLead, 'campaignId' | 'calendar'>): Date;
}

/** Answers for `now`, computed once per campaign (zone maths costs tens of µs a call). */
export function windowAt(now: Date): WindowAt {
  const open = new Map<string, boolean>();
  const next = new Map<string, Date>();
  return {
    isOpen(lead) {
      let v = open.get(lead.campaignId);
      if (v === undefined) open.set(lead.campaignId, (v = isOpen(lead.calendar, now)));
      return v;
    },
    nextOpen(lead) {
      let v = next.get(lead.campaignId);
      if (v === undefined) next.set(lead.campaignId, (v = nextOpenAt(lead.calendar, now)));
      return v;
    },
  };
}

/**
 * When the lead's current step is due. A step's delay counts from the previous step's send, except
 * the first step after an acceptance, which counts from the acceptance (delay 0 = the next open
 * moment after it). Always inside the working window.
 */
export function stepDueAt(lead: DueLead, now: Date, window: WindowAt = windowAt(now)): Date {
  if (!lead.step) return window.nextOpen(lead);
  const acceptedSinceLastStep = lead.connectedAt && (!lead.lastStepSentAt || lead.connectedAt >= lead.lastStepSentAt);
  const anchor = acceptedSinceLastStep ? lead.connectedAt : lead.lastStepSentAt;
  if (!anchor) return window.nextOpen(lead);
  return dueAt(lead.calendar, anchor, stepDelay(lead.step));
}

/**
 * Decides what a due lead needs. Pure: the tick applies the plan. The sender re-checks everything
 * (status, window, stops) under its own lock, so a plan that is stale by the time its job runs is
 * harmless.
 */
export function planLead(lead: DueLead, now: Date, window: WindowAt = windowAt(now)): LeadPlan {
  const cal = lead.calendar;
  if (lead.status === 'invite_sent') {
    // Due while waiting for an acceptance means the invite's accept timeout has passed.
    if (lead.previousInviteTimeoutDays === null || !lead.inviteSentAt) return { kind: 'wait' };
    const at = withdrawalDueAt(cal, lead.inviteSentAt, lead.previousInviteTimeoutDays);
    if (at > now) return { kind: 'reschedule', at };
    if (!window.isOpen(lead)) return { kind: 'reschedule', at: window.nextOpen(lead) };
    return { kind: 'enqueue', step: lead.currentStep - 1, action: 'withdraw' };
  }
  if (!lead.step || lead.currentStep >= lead.stepCount) return { kind: 'complete' };
  if (lead.step.action === 'invite' && (lead.status === 'connected' || lead.status === 'messaged')) {
    return { kind: 'skip_to', step: lead.currentStep + 1 };
  }
  const due = stepDueAt(lead, now, window);
  if (due > now) return { kind: 'reschedule', at: due };
  if (!window.isOpen(lead)) return { kind: 'reschedule', at: window.nextOpen(lead) };
  return { kind: 'enqueue', step: lead.currentStep, action: lead.step.action };
}
