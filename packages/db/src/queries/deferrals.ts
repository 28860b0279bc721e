import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rows } from '../rows';

/** The caps a send can be held back by (`rate_deferrals.reason`). */
export const DEFERRAL_CAPS = ['daily_cap', 'weekly_cap', 'spacing', 'window_closed', 'cooldown'] as const;
export type DeferralCap = (typeof DEFERRAL_CAPS)[number];

/** One deferral decision: `subjectId` is what waits (an outbound action or an inbox message). */
export interface Deferral {
  accountId: string;
  /** The account-local day of the decision (YYYY-MM-DD). */
  day: string;
  cap: DeferralCap;
  subjectId: string;
  until: Date;
}

/**
 * The upsert that counts one deferral, as a statement to run alone or inside a CTE. `guard` (an SQL
 * condition) lets a caller count only when its own write applied. A replay of the decision just
 * recorded (same subject, same `until`) changes nothing.
 */
export function recordDeferralStatement(d: Deferral, guard: SQL = sql`true`): SQL {
  return sql`
    INSERT INTO rate_deferrals AS rd (linkedin_account_id, day, reason, count, last_subject_id, last_until, updated_at)
    SELECT ${d.accountId}::uuid, ${d.day}::date, ${d.cap}, 1, ${d.subjectId}::uuid, ${d.until.toISOString()}::timestamptz, now()
    WHERE ${guard}
    ON CONFLICT (linkedin_account_id, day, reason) DO UPDATE
      SET count = rd.count + 1, last_subject_id = EXCLUDED.last_subject_id, last_until = EXCLUDED.last_until, updated_at = now()
      WHERE (rd.last_subject_id, rd.last_until) IS DISTINCT FROM (EXCLUDED.last_subject_id, EXCLUDED.last_until)
    RETURNING 1`;
}

/** Counts one deferral decision (one statement). */
export async function recordDeferral(db: DbOrTx, d: Deferral): Promise<void> {
  await db.execute(recordDeferralStatement(d));
}

/**
 * Postpones an active lead to `until` and, when `deferral` is given, counts it, in one statement
 * (the sender's wait path: no extra round trip). The lead's `next_action_at` is the per-subject
 * guard: re-running the same decision (the lead already waits until `until`) counts nothing.
 * `activeStatuses` are the lifecycle's active statuses.
 */
export async function postponeLeadCounting(
  db: DbOrTx,
  leadId: string,
  until: Date,
  activeStatuses: readonly string[],
  deferral: Deferral | null,
): Promise<void> {
  const statuses = sql.join(
    activeStatuses.map((s) => sql`${s}`),
    sql`, `,
  );
  const at = until.toISOString();
  const postpone = sql`
    UPDATE leads SET next_action_at = ${at}::timestamptz, updated_at = now()
    WHERE id = ${leadId}::uuid AND status::text IN (${statuses}) AND next_action_at IS DISTINCT FROM ${at}::timestamptz
    RETURNING 1`;
  if (!deferral) {
    await db.execute(postpone);
    return;
  }
  await db.execute(sql`
    WITH postponed AS (${postpone}), counted AS (${recordDeferralStatement(deferral, sql`EXISTS (SELECT 1 FROM postponed)`)})
    SELECT count(*)::int AS counted FROM counted`);
}

/** One account's deferral counts per local day and cap over `[fromDay, toDay]`. */
export async function listDeferrals(
  db: DbOrTx,
  accountId: string,
  fromDay: string,
  toDay: string,
): Promise<Array<{ day: string; cap: DeferralCap; count: number }>> {
  const found = await rows<{ day: string; reason: DeferralCap; count: number }>(
    db,
    sql`SELECT day::text AS day, reason, count FROM rate_deferrals
        WHERE linkedin_account_id = ${accountId}::uuid AND day >= ${fromDay}::date AND day <= ${toDay}::date`,
  );
  return found.map((r) => ({ day: r.day, cap: r.reason, count: Number(r.count) }));
}
