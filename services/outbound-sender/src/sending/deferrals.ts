import { postponeLeadCounting, recordDeferral, type DbOrTx, type Deferral, type DeferralCap } from '@outreach/db';
import { ACTIVE_LEAD_STATUSES } from '@outreach/domain';
import { localDay } from '@outreach/rate-limits';

/**
 * The cap behind a wait reason (`invite_daily_cap`, `message_spacing`, `outside_window`, …), or null
 * for waits that are no cap (an outcome pending, an unrecorded reply). The one place that maps the
 * sender's wait reasons to what rate-usage reports as `deferrals_by_cap`.
 */
export function deferralCap(reason: string): DeferralCap | null {
  if (reason.endsWith('_daily_cap')) return 'daily_cap';
  if (reason.endsWith('_weekly_cap')) return 'weekly_cap';
  if (reason.endsWith('_spacing')) return 'spacing';
  if (reason === 'outside_window') return 'window_closed';
  if (reason === 'account_cooldown') return 'cooldown';
  return null;
}

/** A deferral of `subjectId` for `reason`, dated in the account's zone; null when the reason is no cap. */
export function deferralOf(
  account: { id: string; timezone: string },
  subjectId: string,
  reason: string,
  until: Date,
  now: Date,
): Deferral | null {
  const cap = deferralCap(reason);
  return cap ? { accountId: account.id, day: localDay(now, account.timezone), cap, subjectId, until } : null;
}

/**
 * A sequence send waits: the lead is postponed (so ticks leave it alone) and a cap deferral is
 * counted, in one statement. Where a deferral is observed (metrics can hook in here).
 */
export async function postponeForDeferral(db: DbOrTx, leadId: string, until: Date, deferral: Deferral | null): Promise<void> {
  await postponeLeadCounting(db, leadId, until, ACTIVE_LEAD_STATUSES, deferral);
}

/** An inbox reply waits: counts a cap deferral (one statement), nothing else to postpone. */
export async function countDeferral(db: DbOrTx, deferral: Deferral | null): Promise<void> {
  if (deferral) await recordDeferral(db, deferral);
}
