import { eq, users, type Db } from '@outreach/db';
import { hashPassword } from './passwords';

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. Later starts
 * change nothing, so rotating the env does not reset a password someone has since changed.
 */
export async function ensureFirstAdmin(db: Db, email: string, password: string): Promise<boolean> {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).limit(1);
  if (existing) return false;
  const rows = await db
    .insert(users)
    .values({ email: email.toLowerCase(), passwordHash: await hashPassword(password), role: 'admin', clientId: null })
    .onConflictDoNothing()
    .returning({ id: users.id });
  return rows.length > 0;
}
