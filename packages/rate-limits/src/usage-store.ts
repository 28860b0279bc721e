import { rateUsage, rows, type Db, type DbOrTx } from '@outreach/db';
import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { dailyCap } from './daily-cap';
import { addDays, WEEK_DAYS } from './days';
import type { RateAccount, RateAction } from './types';

/**
 * The durable half, run by the sender INSIDE its Postgres transaction that marks the action
 * `sending`: increments rate_usage(account, action, day) only if the count stays within dailyCap
 * (and, for invites, the 7-day sum within weeklyInviteLimit) — one statement, serialised by the row
 * lock on today's row. Returns false when Postgres says the cap is already reached (Redis had lost
 * counts); the caller then gives up the send. This makes Postgres the final arbiter, so no
 * restart/flush can exceed a cap.
 *
 * Why one INSERT … ON CONFLICT DO UPDATE … WHERE: concurrent reserves for the same row queue on its
 * lock, and the DO UPDATE condition is re-evaluated against the latest committed count, so the
 * check cannot race. The weekly sum adds the six earlier days (read from the statement's snapshot)
 * to today's locked count, never today's count from the snapshot, which could be stale.
 */
export async function reserveUsage(tx: DbOrTx, account: RateAccount, action: RateAction, day: string): Promise<boolean> {
  return (await reserveUsageAnd(tx, account, action, day, null)).reserved;
}

/**
 * `reserveUsage` and, in the same statement, a data-modifying statement that only applies when the
 * reservation was made: `then(guard)` must put `guard` (an EXISTS on the reservation) in its WHERE
 * and end with RETURNING. One round trip and one commit for "claim the send and count it" — the
 * sender's hot path. `applied` is how many rows `then` returned.
 */
export async function reserveUsageAnd(
  tx: DbOrTx,
  account: RateAccount,
  action: RateAction,
  day: string,
  then: ((guard: SQL) => SQL) | null,
): Promise<{ reserved: boolean; applied: number }> {
  const cap = dailyCap(account, action, day);
  if (cap <= 0) return { reserved: false, applied: 0 };
  const isInvite = action === 'invite';
  const weekly = isInvite ? account.weeklyInviteLimit : Number.MAX_SAFE_INTEGER;
  const firstDay = addDays(day, -(WEEK_DAYS - 1));
  const guard = sql`EXISTS (SELECT 1 FROM reserved)`;
  const [row] = await rows<{ reserved: number; applied: number }>(
    tx,
    sql`
    WITH earlier AS (
      SELECT coalesce(sum(count), 0)::int AS n FROM rate_usage
      WHERE linkedin_account_id = ${account.id}::uuid AND action = ${action}::rate_action
        AND ${isInvite}::boolean AND day >= ${firstDay}::date AND day < ${day}::date
    ), reserved AS (
      INSERT INTO rate_usage AS ru (linkedin_account_id, action, day, count, updated_at)
      SELECT ${account.id}::uuid, ${action}::rate_action, ${day}::date, 1, now() FROM earlier
      WHERE earlier.n + 1 <= ${weekly}::bigint
      ON CONFLICT (linkedin_account_id, action, day) DO UPDATE
        SET count = ru.count + 1, updated_at = now()
        WHERE ru.count < ${cap}::int AND (SELECT n FROM earlier) + ru.count < ${weekly}::bigint
      RETURNING ru.count
    )${then ? sql`, applied AS (${then(guard)})` : sql``}
    SELECT (SELECT count(*) FROM reserved)::int AS reserved, ${then ? sql`(SELECT count(*) FROM applied)::int` : sql`0`} AS applied`,
  );
  return { reserved: (row?.reserved ?? 0) > 0, applied: row?.applied ?? 0 };
}

/** Undo one reserveUsage (the call provably did not reach LinkedIn). Never below 0. */
export async function releaseUsage(tx: DbOrTx, accountId: string, action: RateAction, day: string): Promise<void> {
  await tx
    .update(rateUsage)
    .set({ count: sql`${rateUsage.count} - 1`, updatedAt: sql`now()` })
    .where(
      and(eq(rateUsage.linkedinAccountId, accountId), eq(rateUsage.action, action), eq(rateUsage.day, day), sql`${rateUsage.count} > 0`),
    );
}

export interface UsageRow {
  action: RateAction;
  day: string;
  count: number;
  updatedAt: Date;
}

/** The account's rate_usage rows for the rolling week ending on `day` (all actions): the seed for Redis. */
export async function loadUsageWindow(db: Db, accountId: string, day: string): Promise<UsageRow[]> {
  return db
    .select({ action: rateUsage.action, day: rateUsage.day, count: rateUsage.count, updatedAt: rateUsage.updatedAt })
    .from(rateUsage)
    .where(and(eq(rateUsage.linkedinAccountId, accountId), gte(rateUsage.day, addDays(day, -(WEEK_DAYS - 1))), lte(rateUsage.day, day)));
}
