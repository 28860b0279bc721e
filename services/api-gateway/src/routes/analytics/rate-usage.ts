import { addLocalDays, localDateOf, localDateRange, rate } from '@outreach/analytics';
import {
  DEFERRAL_CAPS,
  listDeferrals,
  listLimitVersions,
  listRateLimitedAt,
  listRateUsage,
  type AccountLimitVersion,
  type Db,
  type DeferralCap,
} from '@outreach/db';
import { dailyCap, SAFETY_CEILINGS, withinCeilings, type RateAccount, type RateAction } from '@outreach/rate-limits';
import type { Account } from './store';

const usage = (used: number, limit: number, denName: string) => ({ used, limit, utilisation: rate(used, limit, denName) });

/**
 * The limits the limiter applied on `day`: the version in force at the day's end (a change made
 * during the day governed its last takes), held within the safety ceilings and the warm-up ramp as
 * the limiter holds them. Before the first recorded version, the first one.
 */
function limitsOn(account: Account, versions: AccountLimitVersion[], dayEnd: Date): RateAccount {
  const version = [...versions].reverse().find((v) => v.effectiveFrom < dayEnd) ?? versions[0];
  return withinCeilings({ ...account, ...(version ?? {}) }, SAFETY_CEILINGS);
}

const capOf = (limits: RateAccount, action: RateAction, day: string) => dailyCap(limits, action, day);

/** The account's caps for `day` under its current limits, as the limiter applies them (overview's today). */
export function currentCap(account: Account, action: RateAction, day: string): number {
  return dailyCap(withinCeilings(account, SAFETY_CEILINGS), action, day);
}

/**
 * Per account-local day: the limiter's persisted counters against the caps in force that day, the
 * sends deferred by each cap, 429s, and the rolling 7-day invites against today's weekly cap.
 */
export async function buildRateUsage(db: Db, account: Account, days: number, now: Date) {
  const tz = account.timezone;
  const to = localDateOf(now, tz);
  const from = addLocalDays(to, -(days - 1));
  const weekFrom = addLocalDays(to, -6);
  const range = localDateRange(from, to, tz);
  const [counters, limited, deferrals, versions] = await Promise.all([
    listRateUsage(db, account.id, from < weekFrom ? from : weekFrom, to),
    listRateLimitedAt(db, account.clientId, account.id, range.lo, range.hi),
    listDeferrals(db, account.id, from, to),
    listLimitVersions(db, account.id, range.lo, range.hi),
  ]);
  const used = (day: string, action: string) => counters.find((r) => r.day === day && r.action === action)?.count ?? 0;
  const deferred = (day: string, cap: DeferralCap) => deferrals.find((r) => r.day === day && r.cap === cap)?.count ?? 0;
  const out = [];
  for (let day = from; day <= to; day = addLocalDays(day, 1)) {
    const d = day;
    const limits = limitsOn(account, versions, localDateRange(d, d, tz).hi);
    out.push({
      date: d,
      invites: usage(used(d, 'invite'), capOf(limits, 'invite', d), 'daily_limit'),
      messages: usage(used(d, 'message'), capOf(limits, 'message', d), 'daily_limit'),
      profile_views: usage(used(d, 'profile_view'), capOf(limits, 'profile_view', d), 'daily_limit'),
      weekly_invite_limit: limits.weeklyInviteLimit,
      unipile_429s: limited.filter((at) => localDateOf(at, tz) === d).length,
      deferrals_by_cap: Object.fromEntries(DEFERRAL_CAPS.map((cap) => [cap, deferred(d, cap)])) as Record<DeferralCap, number>,
    });
  }
  const weekly = counters.filter((r) => r.action === 'invite' && r.day >= weekFrom).reduce((n, r) => n + r.count, 0);
  const weeklyLimit = limitsOn(account, versions, range.hi).weeklyInviteLimit;
  return {
    tz,
    from,
    to,
    lo: range.lo.toISOString(),
    hi: range.hi.toISOString(),
    as_of: now.toISOString(),
    linkedin_account_id: account.id,
    days: out,
    rolling_7_day_invites: usage(weekly, weeklyLimit, 'weekly_invite_limit'),
  };
}
