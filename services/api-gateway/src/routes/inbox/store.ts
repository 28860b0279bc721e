import { users, type DbOrTx } from '@outreach/db';
import { and, asc, eq, isNull, ne } from 'drizzle-orm';

/** At most this many people are offered; a client's team is far smaller. */
export const MAX_ASSIGNEES = 200;

/** Who a client's conversations can be given to: its enabled users who may write (viewers only read; admins assign themselves). */
export async function listAssignees(db: DbOrTx, clientId: string) {
  return db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.clientId, clientId), isNull(users.disabledAt), ne(users.role, 'viewer')))
    .orderBy(asc(users.email))
    .limit(MAX_ASSIGNEES);
}
