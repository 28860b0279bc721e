import { notifications, type Db } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { cursorTimestamp, keyset, type PageQuery, type RowPage } from '../../http/pagination';

export type NotificationRow = typeof notifications.$inferSelect;

/** A client's notifications, newest first; the caller has checked it may see the client. */
export async function listClientNotifications(
  db: Db,
  clientId: string,
  query: PageQuery & { status?: NotificationRow['status']; channel?: NotificationRow['channel'] },
): Promise<RowPage<NotificationRow>> {
  const page = keyset({ createdAt: notifications.createdAt, id: notifications.id }, query);
  const rows = await db
    .select({ row: notifications, cursorAt: cursorTimestamp(notifications.createdAt) })
    .from(notifications)
    .where(
      and(
        eq(notifications.clientId, clientId),
        query.status ? eq(notifications.status, query.status) : undefined,
        query.channel ? eq(notifications.channel, query.channel) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return page.page(rows, (r) => r);
}
