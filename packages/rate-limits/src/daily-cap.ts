import { daysBetween, localDay } from './days';
import type { RateAccount, RateAction } from './types';

function configuredLimit(account: RateAccount, action: RateAction): number {
  switch (action) {
    case 'invite':
      return account.dailyInviteLimit;
    case 'message':
      return account.dailyMessageLimit;
    case 'profile_view':
      return account.dailyProfileViewLimit;
  }
}

/**
 * Effective daily cap for an action on a date: the limit, or the warm-up ramp (start → limit
 * linearly over warmup_days from created_at, day 0 being the creation day in the account's zone)
 * when configured. Rounds down so a ramp never allows more than the straight line; never exceeds the
 * configured limit. Pure.
 */
export function dailyCap(account: RateAccount, action: RateAction, day: string): number {
  const limit = Math.max(0, configuredLimit(account, action));
  const start = account.warmupStartLimit;
  const rampDays = account.warmupDays;
  if (start === null || rampDays === null || rampDays <= 0) return limit;
  const elapsed = daysBetween(localDay(account.createdAt, account.timezone), day);
  if (elapsed >= rampDays) return limit;
  const from = Math.max(0, start);
  const ramped = from + Math.floor(((limit - from) * Math.max(0, elapsed)) / rampDays);
  return Math.min(limit, ramped);
}
