import { and, clients, eq, type Db } from '@outreach/db';
import type { AuthContext } from '../auth/context';
import { notFound } from '../http/errors';
import { tenantWhere } from '../http/tenancy';

export type OwnedClient = typeof clients.$inferSelect;

/** The client named in the path if the caller may see it; another tenant's client is 404, as if it did not exist. */
export async function findOwnedClient(db: Db, auth: AuthContext, id: string): Promise<OwnedClient> {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.id, id), tenantWhere(auth, clients.id)));
  if (!row) throw notFound('client');
  return row;
}
