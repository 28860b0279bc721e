import { campaigns, clients, linkedinAccounts, type Db } from '@outreach/db';
import { and, eq, inArray } from 'drizzle-orm';
import type { AuthContext } from '../../auth/context';
import { notFound } from '../../http/errors';
import { tenantWhere } from '../../http/tenancy';

export type Account = typeof linkedinAccounts.$inferSelect;

/** An account the caller may see, or 404. */
export async function findOwnedAccount(db: Db, auth: AuthContext, id: string): Promise<Account> {
  const [row] = await db
    .select()
    .from(linkedinAccounts)
    .where(and(eq(linkedinAccounts.id, id), tenantWhere(auth, linkedinAccounts.clientId)));
  if (!row) throw notFound('linkedin account');
  return row;
}

/** A client's active campaigns. */
export function listActiveCampaigns(db: Db, clientId: string): Promise<Array<{ id: string; name: string; linkedin_account_id: string }>> {
  return db
    .select({ id: campaigns.id, name: campaigns.name, linkedin_account_id: campaigns.linkedinAccountId })
    .from(campaigns)
    .where(and(eq(campaigns.clientId, clientId), eq(campaigns.status, 'active')));
}

/** Every LinkedIn account of a client. */
export function listClientAccounts(db: Db, clientId: string): Promise<Account[]> {
  return db.select().from(linkedinAccounts).where(eq(linkedinAccounts.clientId, clientId));
}

/** The named campaigns, accounts or clients the caller may see (others are simply absent). */
export async function listVisible(
  db: Db,
  auth: AuthContext,
  dimension: 'campaign' | 'account' | 'client',
  ids: string[],
): Promise<Array<{ id: string; name: string; clientId: string }>> {
  if (dimension === 'campaign') {
    return db
      .select({ id: campaigns.id, name: campaigns.name, clientId: campaigns.clientId })
      .from(campaigns)
      .where(and(inArray(campaigns.id, ids), tenantWhere(auth, campaigns.clientId)));
  }
  if (dimension === 'account') {
    return db
      .select({ id: linkedinAccounts.id, name: linkedinAccounts.name, clientId: linkedinAccounts.clientId })
      .from(linkedinAccounts)
      .where(and(inArray(linkedinAccounts.id, ids), tenantWhere(auth, linkedinAccounts.clientId)));
  }
  return db
    .select({ id: clients.id, name: clients.name, clientId: clients.id })
    .from(clients)
    .where(and(inArray(clients.id, ids), tenantWhere(auth, clients.id)));
}
