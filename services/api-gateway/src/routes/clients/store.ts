import { clients } from '@outreach/db';
import type { Db } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import type { AuthContext } from '../../auth/context';
import { notFound } from '../../http/errors';
import { cursorTimestamp, keyset, type PageQuery, type RowPage } from '../../http/pagination';
import { tenantWhere } from '../../http/tenancy';

export type ClientRow = typeof clients.$inferSelect;
export type OwnedClient = ClientRow;
type ClientFields = Pick<typeof clients.$inferInsert, 'name' | 'timezone' | 'reportEmails' | 'notificationEmails'>;

/** The client named in the path if the caller may see it; another tenant's client is 404, as if it did not exist. */
export async function findOwnedClient(db: Db, auth: AuthContext, id: string): Promise<OwnedClient> {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.id, id), tenantWhere(auth, clients.id)));
  if (!row) throw notFound('client');
  return row;
}

/** Every client, newest first (admins only: the route checks). */
export async function listClients(db: Db, query: PageQuery): Promise<RowPage<ClientRow>> {
  const page = keyset({ createdAt: clients.createdAt, id: clients.id }, query);
  const rows = await db
    .select({ row: clients, cursorAt: cursorTimestamp(clients.createdAt) })
    .from(clients)
    .where(and(page.where))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return page.page(rows, (r) => r);
}

export async function insertClient(db: Db, values: ClientFields): Promise<ClientRow> {
  const [row] = await db.insert(clients).values(values).returning();
  if (!row) throw new Error('client insert returned nothing');
  return row;
}

/** A client by id, whoever owns it (admin routes), or null. */
export async function findClient(db: Db, id: string): Promise<ClientRow | null> {
  return (await db.select().from(clients).where(eq(clients.id, id)))[0] ?? null;
}

/** Changes the fields given; null when there is no such client. */
export async function updateClient(db: Db, id: string, changes: Partial<ClientFields>): Promise<ClientRow | null> {
  const [row] = await db
    .update(clients)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(clients.id, id))
    .returning();
  return row ?? null;
}

/** Deletes a client and (by cascade) everything it owns; false when there was none. */
export async function deleteClient(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(clients).where(eq(clients.id, id)).returning({ id: clients.id });
  return deleted.length > 0;
}

/** A client's name for a public page (the unsubscribe link carries a signed client id), or null. */
export async function findClientName(db: Db, id: string): Promise<string | null> {
  const [row] = await db.select({ name: clients.name }).from(clients).where(eq(clients.id, id));
  return row?.name ?? null;
}
