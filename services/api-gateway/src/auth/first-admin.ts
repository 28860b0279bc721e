import type { Db } from '@outreach/db';
import { hashPassword } from './passwords';
import { hasAdmin, insertAdmin } from './store';

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet. Later starts
 * change nothing, so rotating the env does not reset a password someone has since changed.
 */
export async function ensureFirstAdmin(db: Db, email: string, password: string): Promise<boolean> {
  if (await hasAdmin(db)) return false;
  return insertAdmin(db, email.toLowerCase(), await hashPassword(password));
}
