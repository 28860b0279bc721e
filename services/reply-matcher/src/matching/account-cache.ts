import { findAccountByUnipileId, type Db, type LinkedinAccount } from '@outreach/db';

export interface AccountLookup {
  byUnipileId(unipileAccountId: string): Promise<LinkedinAccount | undefined>;
}

/**
 * Every message delivery starts by finding its LinkedIn account; the fields the message path reads
 * (client, own LinkedIn id) almost never change, so each process keeps them a few seconds instead
 * of asking Postgres once per delivery. Unknown accounts are not cached: one may be connected any moment.
 */
export function createAccountCache(db: Db, ttlMs = 5000): AccountLookup {
  const entries = new Map<string, { account: LinkedinAccount; until: number }>();
  return {
    async byUnipileId(unipileAccountId) {
      const hit = entries.get(unipileAccountId);
      if (hit && hit.until > Date.now()) return hit.account;
      const account = await findAccountByUnipileId(db, unipileAccountId);
      if (account) entries.set(unipileAccountId, { account, until: Date.now() + ttlMs });
      else entries.delete(unipileAccountId);
      return account;
    },
  };
}
