import { clients, users, type Db, type DbOrTx } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import type { UserRow } from '../../auth/store';
import { cursorTimestamp, keyset, type PageQuery, type RowPage } from '../../http/pagination';

export type { UserRow };
type UserFields = Pick<typeof users.$inferInsert, 'email' | 'passwordHash' | 'role' | 'clientId'>;

/** Users, newest first, optionally of one client (admins only: the routes check). */
export async function listUsers(db: Db, query: PageQuery & { client_id?: string }): Promise<RowPage<UserRow>> {
  const page = keyset({ createdAt: users.createdAt, id: users.id }, query);
  const rows = await db
    .select({ row: users, cursorAt: cursorTimestamp(users.createdAt) })
    .from(users)
    .where(and(page.where, query.client_id ? eq(users.clientId, query.client_id) : undefined))
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return page.page(rows, (r) => r);
}

/** True when the client exists. */
export async function clientExists(db: Db, id: string): Promise<boolean> {
  const [found] = await db.select({ id: clients.id }).from(clients).where(eq(clients.id, id));
  return found !== undefined;
}

/** Inserts a user; a taken email surfaces as Postgres' unique violation. */
export async function insertUser(db: Db, values: UserFields): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  if (!row) throw new Error('user insert returned nothing');
  return row;
}

export async function findUser(db: Db, id: string): Promise<UserRow | null> {
  return (await db.select().from(users).where(eq(users.id, id)))[0] ?? null;
}

/** Changes the fields given; null when the user is gone. */
export async function updateUser(
  db: DbOrTx,
  id: string,
  changes: Partial<UserFields & { disabledAt: Date | null; tokensValidAfter: Date }>,
): Promise<UserRow | null> {
  const [row] = await db
    .update(users)
    .set({ ...changes, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

/** False when there was no such user. */
export async function deleteUser(db: DbOrTx, id: string): Promise<boolean> {
  const deleted = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
  return deleted.length > 0;
}
