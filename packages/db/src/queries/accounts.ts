import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { campaigns, linkedinAccounts } from '../schema';

export type LinkedinAccount = typeof linkedinAccounts.$inferSelect;

export async function findAccountByUnipileId(db: DbOrTx, unipileAccountId: string): Promise<LinkedinAccount | undefined> {
  const [row] = await db.select().from(linkedinAccounts).where(eq(linkedinAccounts.unipileAccountId, unipileAccountId)).limit(1);
  return row;
}

export async function findAccountById(db: DbOrTx, id: string): Promise<LinkedinAccount | undefined> {
  const [row] = await db.select().from(linkedinAccounts).where(eq(linkedinAccounts.id, id)).limit(1);
  return row;
}

/** Every account with its status, for reconciling the per-account reply pollers. */
export async function listAccountStatuses(db: DbOrTx): Promise<Array<{ id: string; status: string }>> {
  return db.select({ id: linkedinAccounts.id, status: linkedinAccounts.status }).from(linkedinAccounts);
}

/**
 * Accounts by Unipile status and whether automation paused them (LinkedIn refused them: 401/403),
 * for the `outreach_linkedin_accounts` gauge. Statuses are Unipile's few words; anything odd is `OTHER`.
 */
export async function countAccountsByStatus(db: DbOrTx): Promise<Array<{ status: string; paused: boolean; count: number }>> {
  const found = await db
    .select({
      status: sql<string>`case when ${linkedinAccounts.status} ~ '^[A-Z_]{1,32}$' then ${linkedinAccounts.status} else 'OTHER' end`,
      paused: sql<boolean>`${linkedinAccounts.pausedReason} is not null`,
      count: sql<number>`count(*)::int`,
    })
    .from(linkedinAccounts)
    .groupBy(sql`1`, sql`2`);
  return found.map((r) => ({ status: r.status, paused: r.paused, count: Number(r.count) }));
}

/** Learns the account's own LinkedIn id from a payload, so later direction checks need no payload help. */
export async function rememberAccountUserId(db: DbOrTx, id: string, providerUserId: string): Promise<void> {
  await db.update(linkedinAccounts).set({ providerUserId, updatedAt: new Date() }).where(eq(linkedinAccounts.id, id));
}

/** True when the campaign runs on this account (and so belongs to the account's client). */
export async function isAccountCampaign(
  db: DbOrTx,
  account: Pick<LinkedinAccount, 'id' | 'clientId'>,
  campaignId: string,
): Promise<boolean> {
  const [campaign] = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(and(eq(campaigns.id, campaignId), eq(campaigns.clientId, account.clientId), eq(campaigns.linkedinAccountId, account.id)));
  return campaign !== undefined;
}

/**
 * Stores an account's status as Unipile reports it. `endPause` clears a pause the sender set for an
 * account error (back to OK after a disconnection).
 */
export async function setAccountStatus(db: DbOrTx, id: string, status: string, now: Date, options: { endPause: boolean }): Promise<void> {
  await db
    .update(linkedinAccounts)
    .set({ status, statusUpdatedAt: now, updatedAt: now, ...(options.endPause ? { pausedReason: null } : {}) })
    .where(eq(linkedinAccounts.id, id));
}
