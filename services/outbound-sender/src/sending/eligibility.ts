import { isOpen, isSendable, nextOpenAt, type SendAction, type WorkingCalendar } from '@outreach/domain';

export type { SendAction };

// Window boundaries fall on whole minutes (HH:MM, midnight, DST changes), so whether a calendar is
// open is the same for every send within one minute: remembered per calendar for the current minute.
let cachedMinute = -1;
const openThisMinute = new Map<string, boolean>();

function isOpenNow(cal: WorkingCalendar, now: Date): boolean {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== cachedMinute) {
    cachedMinute = minute;
    openThisMinute.clear();
  }
  const key = `${cal.timezone}|${cal.workingDays.join(',')}|${cal.hours.start}-${cal.hours.end}|${cal.holidays.join(',')}`;
  let open = openThisMinute.get(key);
  if (open === undefined) openThisMinute.set(key, (open = isOpen(cal, now)));
  return open;
}

/** go: send now; stop: this action will not be sent (cancelled); wait: not now, retry at `until`. */
export type Verdict = { kind: 'go' } | { kind: 'stop'; reason: string; transient: boolean } | { kind: 'wait'; until: Date; reason: string };

export interface SendState {
  action: SendAction;
  leadStatus: string;
  campaignStatus: string;
  schedulerRunning: boolean;
  account: { status: string; pausedReason: string | null; cooldownUntil: Date | null };
  personReplied: boolean;
  calendar: WorkingCalendar;
}

/**
 * Whether an action may be sent now (the lead statuses each action may leave are the lifecycle's
 * `SENDABLE_LEAD_STATUSES`). Run before any work and again under the lead's lock, on the
 * fresh row: a reply, a pause, a global stop or an account problem that arrived in between wins.
 * `transient` stops (campaign paused, scheduler or account stopped) leave the lead due so the
 * sequencer queues the step again once the cause is gone.
 */
export function checkSendable(s: SendState, now: Date): Verdict {
  if (s.personReplied) return { kind: 'stop', reason: 'replied', transient: false };
  if (!isSendable(s.action, s.leadStatus)) return { kind: 'stop', reason: `lead_${s.leadStatus}`, transient: false };
  if (s.campaignStatus !== 'active') return { kind: 'stop', reason: `campaign_${s.campaignStatus}`, transient: true };
  if (!s.schedulerRunning) return { kind: 'stop', reason: 'scheduler_stopped', transient: true };
  if (s.account.pausedReason) return { kind: 'stop', reason: 'account_paused', transient: true };
  if (s.account.status !== 'OK') return { kind: 'stop', reason: `account_${s.account.status.toLowerCase()}`, transient: true };
  if (s.account.cooldownUntil && s.account.cooldownUntil > now)
    return { kind: 'wait', until: s.account.cooldownUntil, reason: 'account_cooldown' };
  if (!isOpenNow(s.calendar, now)) return { kind: 'wait', until: nextOpenAt(s.calendar, now), reason: 'outside_window' };
  return { kind: 'go' };
}
