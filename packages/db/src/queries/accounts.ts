import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { linkedinAccounts } from '../schema';

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

/** Learns the account's own LinkedIn id from a payload, so later direction checks need no payload help. */
export async function rememberAccountUserId(db: DbOrTx, id: string, providerUserId: string): Promise<void> {
  await db.update(linkedinAccounts).set({ providerUserId, updatedAt: new Date() }).where(eq(linkedinAccounts.id, id));
}

/** Stores an account's status as Unipile reports it; `resume` also ends a pause the sender set for an account error. */
export async function setAccountStatus(tx: DbOrTx, accountId: string, status: string, opts: { at: Date; resume: boolean }): Promise<void> {
  await tx
    .update(linkedinAccounts)
    .set({ status, statusUpdatedAt: opts.at, updatedAt: opts.at, ...(opts.resume ? { pausedReason: null } : {}) })
    .where(eq(linkedinAccounts.id, accountId));
}
