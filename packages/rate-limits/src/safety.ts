import type { RateAccount } from './types';

/**
 * The most an account may do whatever its settings say: LinkedIn restricts accounts well before
 * these (about 100–200 invitations a week), so a setting above them is a mistake or an attempt to
 * switch sending safety off. The API refuses settings beyond them; the limiter applies them again
 * to whatever the row holds (an older row, a direct write).
 */
export interface SafetyCeilings {
  dailyInvites: number;
  weeklyInvites: number;
  dailyMessages: number;
  dailyProfileViews: number;
  /** The least spacing between two actions of one account, in seconds. */
  minSpacingSeconds: number;
}

export const SAFETY_CEILINGS: SafetyCeilings = {
  dailyInvites: 100,
  weeklyInvites: 200,
  dailyMessages: 150,
  dailyProfileViews: 250,
  minSpacingSeconds: 5,
};

/** The account's settings held within the ceilings (`null`: as they are, for tests and benchmarks only). */
export function withinCeilings(account: RateAccount, ceilings: SafetyCeilings | null): RateAccount {
  if (!ceilings) return account;
  const minSpacing = Math.max(account.minActionSpacingSeconds, ceilings.minSpacingSeconds);
  return {
    ...account,
    dailyInviteLimit: Math.min(account.dailyInviteLimit, ceilings.dailyInvites),
    weeklyInviteLimit: Math.min(account.weeklyInviteLimit, ceilings.weeklyInvites),
    dailyMessageLimit: Math.min(account.dailyMessageLimit, ceilings.dailyMessages),
    dailyProfileViewLimit: Math.min(account.dailyProfileViewLimit, ceilings.dailyProfileViews),
    minActionSpacingSeconds: minSpacing,
    maxActionSpacingSeconds: Math.max(minSpacing, account.maxActionSpacingSeconds),
  };
}
