export type RateAction = 'invite' | 'message' | 'profile_view';

/** Every action, in the order the Redis script lays out its counter keys. */
export const RATE_ACTION_ORDER: readonly RateAction[] = ['invite', 'message', 'profile_view'];

/** The account fields the limiter needs (a subset of the linkedin_accounts row, camelCase as drizzle returns it). */
export interface RateAccount {
  id: string;
  timezone: string;
  createdAt: Date;
  dailyInviteLimit: number;
  dailyMessageLimit: number;
  dailyProfileViewLimit: number;
  weeklyInviteLimit: number;
  minActionSpacingSeconds: number;
  maxActionSpacingSeconds: number;
  warmupStartLimit: number | null;
  warmupDays: number | null;
}

export type TakeResult =
  | { ok: true; day: string /* YYYY-MM-DD in the account's zone */ }
  | { ok: false; retryAt: Date; reason: 'spacing' | 'daily_cap' | 'weekly_cap' };

export type UsageReport = Record<RateAction, { today: number; cap: number }> & { weekInvites: number; weeklyInviteLimit: number };
