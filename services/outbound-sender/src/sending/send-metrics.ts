import { sendDeferrals, sends } from '@outreach/metrics';
import type { JobContext } from '@outreach/runtime';
import type { SendControl } from './types';

/**
 * The deferral metric's reasons: the rate limiter's refusals (`invite_spacing`, `message_daily_cap`…)
 * and the sender's own waits (`outside_window`, `account_cooldown`) mapped to a fixed set.
 */
export function deferralReason(reason: string): string {
  if (reason.endsWith('daily_cap')) return 'daily_cap';
  if (reason.endsWith('weekly_cap')) return 'weekly_cap';
  if (reason.endsWith('spacing')) return 'spacing';
  if (reason.endsWith('in_flight')) return 'in_flight';
  if (reason === 'outside_window') return 'window_closed';
  if (reason === 'account_cooldown') return 'cooldown';
  return 'other';
}

/** An outcome as a label value: the sender's outcomes are short snake_case words; anything else is `other`. */
const outcomeLabel = (outcome: string): string => (/^[a-z_]{1,40}$/.test(outcome) ? outcome : 'other');

/** The job's context as the sender's control: every wait is counted by reason where it is decided, then deferred. */
export const countedControl = (ctx: JobContext): SendControl => ({
  isFinalAttempt: ctx.isFinalAttempt,
  defer: (until, reason) => {
    sendDeferrals.inc({ reason: deferralReason(reason) });
    return ctx.defer(until);
  },
});

export function countSend(action: string, result: { outcome: string }): void {
  sends.inc({ action, outcome: outcomeLabel(result.outcome) });
}
