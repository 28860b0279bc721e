import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { events } from '../schema';

export type NewEvent = typeof events.$inferInsert;

/**
 * Inserts an event unless its unique guard (one reply per lead and message, one acceptance per
 * lead) already holds one. Returns whether this call created it.
 */
export async function insertEventOnce(tx: DbOrTx, event: NewEvent): Promise<boolean> {
  const inserted = await tx.insert(events).values(event).onConflictDoNothing().returning({ id: events.id });
  return inserted.length > 0;
}

/** Plain insert for events without a uniqueness guard (status changes, account status). */
export async function insertEvent(tx: DbOrTx, event: NewEvent): Promise<number> {
  const [row] = await tx.insert(events).values(event).returning({ id: events.id });
  if (!row) throw new Error('event insert returned nothing');
  return row.id;
}

/** The `message_received` event of one lead for one Unipile message, if recorded. */
export async function findReplyEvent(db: DbOrTx, leadId: string, externalId: string): Promise<{ id: number } | undefined> {
  const [row] = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.leadId, leadId), eq(events.type, 'message_received'), eq(events.externalId, externalId)))
    .limit(1);
  return row;
}

/** The id of the lead's `connection_accepted` event (one per lead), if recorded. */
export async function findAcceptanceEvent(db: DbOrTx, leadId: string): Promise<{ id: number } | undefined> {
  const [row] = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.leadId, leadId), eq(events.type, 'connection_accepted')))
    .limit(1);
  return row;
}
