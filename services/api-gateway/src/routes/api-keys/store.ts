import { apiKeys, type Db } from '@outreach/db';
import { and, eq, isNull } from 'drizzle-orm';
import type { AuthContext } from '../../auth/context';
import { cursorTimestamp, keyset, type PageQuery, type RowPage } from '../../http/pagination';
import { tenantWhere } from '../../http/tenancy';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** A client's keys, newest first; the caller has checked it may see the client. */
export async function listClientApiKeys(db: Db, clientId: string, query: PageQuery): Promise<RowPage<ApiKeyRow>> {
  const page = keyset({ createdAt: apiKeys.createdAt, id: apiKeys.id }, query);
  const rows = await db
    .select({ row: apiKeys, cursorAt: cursorTimestamp(apiKeys.createdAt) })
    .from(apiKeys)
    .where(and(eq(apiKeys.clientId, clientId), page.where))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return page.page(rows, (r) => r);
}

export async function insertApiKey(
  db: Db,
  values: { clientId: string; name: string; prefix: string; keyHash: string; createdByUserId: string | null },
): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  if (!row) throw new Error('API key insert returned nothing');
  return row;
}

/**
 * Revokes a key the caller may see; false when there is none (another client's key is none).
 * Revoking twice keeps the first revocation time: the row records when the key stopped working.
 */
export async function revokeApiKey(db: Db, auth: AuthContext, id: string): Promise<boolean> {
  const scope = and(eq(apiKeys.id, id), tenantWhere(auth, apiKeys.clientId));
  const [found] = await db.select({ id: apiKeys.id }).from(apiKeys).where(scope);
  if (!found) return false;
  await db
    .update(apiKeys)
    .set({ revokedAt: new Date(), updatedAt: new Date() })
    .where(and(scope, isNull(apiKeys.revokedAt)));
  return true;
}
