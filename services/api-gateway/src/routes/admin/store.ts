import { emails, type Db } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { cursorTimestamp, keyset, type PageQuery, type RowPage } from '../../http/pagination';

export type EmailRow = typeof emails.$inferSelect;

/** Emails of every client (admins only: the route checks), newest first, filtered as asked. */
export async function listOutbox(
  db: Db,
  query: PageQuery & { transport?: EmailRow['transport']; status?: EmailRow['status']; kind?: EmailRow['kind']; client_id?: string },
): Promise<RowPage<EmailRow>> {
  const page = keyset({ createdAt: emails.createdAt, id: emails.id }, query);
  const rows = await db
    .select({ row: emails, cursorAt: cursorTimestamp(emails.createdAt) })
    .from(emails)
    .where(
      and(
        query.transport ? eq(emails.transport, query.transport) : undefined,
        query.status ? eq(emails.status, query.status) : undefined,
        query.kind ? eq(emails.kind, query.kind) : undefined,
        query.client_id ? eq(emails.clientId, query.client_id) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return page.page(rows, (r) => r);
}

export async function findEmail(db: Db, id: string): Promise<EmailRow | null> {
  const [row] = await db.select().from(emails).where(eq(emails.id, id));
  return row ?? null;
}
