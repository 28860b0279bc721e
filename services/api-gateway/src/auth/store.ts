import { apiKeys, users, type Db } from '@outreach/db';
import { and, eq, isNull, sql } from 'drizzle-orm';

export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** An API key that is not revoked, by the hash of the key, recording that it was used. */
export async function findUsableApiKey(db: Db, keyHash: string): Promise<ApiKeyRow | null> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  return row;
}

/** A user who exists and is not disabled, or null. */
export async function findActiveUser(db: Db, id: string): Promise<UserRow | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.disabledAt)))
    .limit(1);
  return user ?? null;
}

/** The user with this email (case-insensitive), disabled or not. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  return user ?? null;
}

/** A user's email address, or null when the user is gone. */
export async function findUserEmail(db: Db, id: string): Promise<string | null> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, id));
  return user?.email ?? null;
}

/** True when at least one admin exists. */
export async function hasAdmin(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  return existing !== undefined;
}

/** Inserts an admin; false when the email is already taken (a concurrent start won). */
export async function insertAdmin(db: Db, email: string, passwordHash: string): Promise<boolean> {
  const rows = await db
    .insert(users)
    .values({ email, passwordHash, role: 'admin', clientId: null })
    .onConflictDoNothing()
    .returning({ id: users.id });
  return rows.length > 0;
}
