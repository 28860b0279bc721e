import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rows } from '../rows';

/** One version of an account's limits and the instant it took effect. */
export interface AccountLimitVersion {
  effectiveFrom: Date;
  dailyInviteLimit: number;
  dailyMessageLimit: number;
  dailyProfileViewLimit: number;
  weeklyInviteLimit: number;
  warmupStartLimit: number | null;
  warmupDays: number | null;
}

/**
 * The versions of an account's limits that were in force at some point of `[lo, hi)`, oldest first:
 * the last one that took effect before `lo` and every later one before `hi` (the primary key,
 * account then instant, serves both halves).
 */
export async function listLimitVersions(db: DbOrTx, accountId: string, lo: Date, hi: Date): Promise<AccountLimitVersion[]> {
  const found = await rows<{
    effective_from: string;
    daily_invite_limit: number;
    daily_message_limit: number;
    daily_profile_view_limit: number;
    weekly_invite_limit: number;
    warmup_start_limit: number | null;
    warmup_days: number | null;
  }>(
    db,
    sql`
    (SELECT * FROM account_limit_history WHERE linkedin_account_id = ${accountId}::uuid AND effective_from < ${lo.toISOString()}::timestamptz
     ORDER BY effective_from DESC LIMIT 1)
    UNION ALL
    (SELECT * FROM account_limit_history WHERE linkedin_account_id = ${accountId}::uuid
       AND effective_from >= ${lo.toISOString()}::timestamptz AND effective_from < ${hi.toISOString()}::timestamptz)
    ORDER BY effective_from`,
  );
  return found.map((r) => ({
    effectiveFrom: new Date(r.effective_from),
    dailyInviteLimit: Number(r.daily_invite_limit),
    dailyMessageLimit: Number(r.daily_message_limit),
    dailyProfileViewLimit: Number(r.daily_profile_view_limit),
    weeklyInviteLimit: Number(r.weekly_invite_limit),
    warmupStartLimit: r.warmup_start_limit === null ? null : Number(r.warmup_start_limit),
    warmupDays: r.warmup_days === null ? null : Number(r.warmup_days),
  }));
}
