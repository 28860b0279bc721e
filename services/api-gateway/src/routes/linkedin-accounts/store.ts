import { accountConnectRequests, linkedinAccounts, type Db, type DbOrTx } from '@outreach/db';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AuthContext } from '../../auth/context';
import { cursorTimestamp, keyset, type PageQuery, type RowPage } from '../../http/pagination';
import { tenantWhere } from '../../http/tenancy';
import type { AccountRow } from './schemas';

type AccountInsert = typeof linkedinAccounts.$inferInsert;

/** The account with this id if the caller may see it (another client's is none). */
const scoped = (auth: AuthContext, id: string) => and(eq(linkedinAccounts.id, id), tenantWhere(auth, linkedinAccounts.clientId));

/** Accounts the caller may see, newest first, optionally of one client. */
export async function listAccounts(db: Db, auth: AuthContext, query: PageQuery & { client_id?: string }): Promise<RowPage<AccountRow>> {
  const page = keyset({ createdAt: linkedinAccounts.createdAt, id: linkedinAccounts.id }, query);
  const rows = await db
    .select({ row: linkedinAccounts, cursorAt: cursorTimestamp(linkedinAccounts.createdAt) })
    .from(linkedinAccounts)
    .where(
      and(
        tenantWhere(auth, linkedinAccounts.clientId),
        query.client_id ? eq(linkedinAccounts.clientId, query.client_id) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return page.page(rows, (r) => r);
}

/** Inserts an account; a Unipile id already registered surfaces as Postgres' unique violation. */
export async function insertAccount(db: Db, values: AccountInsert): Promise<AccountRow> {
  const [row] = await db.insert(linkedinAccounts).values(values).returning();
  if (!row) throw new Error('LinkedIn account insert returned nothing');
  return row;
}

export async function findScopedAccount(db: Db, auth: AuthContext, id: string): Promise<AccountRow | null> {
  const [row] = await db.select().from(linkedinAccounts).where(scoped(auth, id));
  return row ?? null;
}

/** Writes the changes to an account the caller may see; null when there is none. */
export async function updateScopedAccount(
  db: Db,
  auth: AuthContext,
  id: string,
  changes: Partial<AccountInsert>,
): Promise<AccountRow | null> {
  const [row] = await db
    .update(linkedinAccounts)
    .set({ ...changes, updatedAt: new Date() })
    .where(scoped(auth, id))
    .returning();
  return row ?? null;
}

/**
 * Deletes an account the caller may see; false when there is none. A campaign still using it
 * surfaces as Postgres' foreign-key violation (campaigns keep their account: no cascade).
 */
export async function deleteScopedAccount(db: DbOrTx, auth: AuthContext, id: string): Promise<{ unipileAccountId: string } | null> {
  const [deleted] = await db
    .delete(linkedinAccounts)
    .where(scoped(auth, id))
    .returning({ unipileAccountId: linkedinAccounts.unipileAccountId });
  return deleted ?? null;
}

export type ConnectRequest = typeof accountConnectRequests.$inferSelect;

/** Records a pending hosted-auth request; its random token is the link to Unipile's callback. */
export async function insertConnectRequest(
  db: Db,
  values: { clientId: string; token: string; accountName: string | null; timezone: string; expiresAt: Date },
): Promise<void> {
  await db.insert(accountConnectRequests).values(values);
}

/** Drops a request whose link Unipile refused to create. */
export async function deleteConnectRequest(db: Db, token: string): Promise<void> {
  await db.delete(accountConnectRequests).where(eq(accountConnectRequests.token, token));
}

/** The request behind a callback; the unguessable token is its only key (the callback has no caller). */
export async function findConnectRequest(db: Db, token: string): Promise<ConnectRequest | undefined> {
  return (await db.select().from(accountConnectRequests).where(eq(accountConnectRequests.token, token)))[0];
}

/** The account of `clientId` registered under this Unipile id, or null. */
export async function findClientAccountIdByUnipileId(db: Db, clientId: string, unipileAccountId: string): Promise<string | null> {
  const [account] = await db
    .select({ id: linkedinAccounts.id })
    .from(linkedinAccounts)
    .where(and(eq(linkedinAccounts.unipileAccountId, unipileAccountId), eq(linkedinAccounts.clientId, clientId)));
  return account?.id ?? null;
}

/** Marks a pending, unexpired request completed for this account; null when another callback claimed it first. */
export async function claimConnectRequest(tx: DbOrTx, token: string, unipileAccountId: string, now: Date): Promise<ConnectRequest | null> {
  const [claimed] = await tx
    .update(accountConnectRequests)
    .set({ completedAt: now, unipileAccountId })
    .where(
      and(eq(accountConnectRequests.token, token), isNull(accountConnectRequests.completedAt), gt(accountConnectRequests.expiresAt, now)),
    )
    .returning();
  return claimed ?? null;
}

/**
 * Records the connected account for the request's client. A reconnect of an account this client
 * already has refreshes what Unipile told us; one that belongs to another client is never moved
 * (setWhere fails, nothing returned: null, and the caller rolls back).
 */
export async function upsertConnectedAccount(
  tx: DbOrTx,
  values: {
    clientId: string;
    unipileAccountId: string;
    name: string;
    timezone: string;
    providerUserId?: string;
    publicIdentifier?: string;
  },
  now: Date,
): Promise<string | null> {
  const { clientId, unipileAccountId: _id, name: _name, timezone: _tz, ...learnt } = values;
  const [account] = await tx
    .insert(linkedinAccounts)
    .values(values)
    .onConflictDoUpdate({
      target: linkedinAccounts.unipileAccountId,
      set: { ...learnt, updatedAt: now },
      setWhere: eq(linkedinAccounts.clientId, clientId),
    })
    .returning({ id: linkedinAccounts.id });
  return account?.id ?? null;
}
