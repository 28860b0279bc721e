import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { apiKeys, users } from '../schema';

/** Refuses from now on every access token the user holds (logout, password or role change). */
export async function revokeUserTokens(db: DbOrTx, userId: string, at: Date = new Date()): Promise<void> {
  await db.update(users).set({ tokensValidAfter: at, updatedAt: at }).where(eq(users.id, userId));
}

/** Revokes the API keys a user created (the user is disabled or deleted); returns how many. */
export async function revokeApiKeysCreatedBy(db: DbOrTx, userId: string, at: Date = new Date()): Promise<number> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: at, updatedAt: at })
    .where(and(eq(apiKeys.createdByUserId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return revoked.length;
}
