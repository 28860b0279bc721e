import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { messages } from '../schema';

export type NewMessage = typeof messages.$inferInsert;

/** Stores a LinkedIn message once per account; returns false when it was already known. */
export async function storeMessage(db: DbOrTx, message: NewMessage): Promise<boolean> {
  const rows = await db
    .insert(messages)
    .values(message)
    .onConflictDoNothing({ target: [messages.linkedinAccountId, messages.externalMessageId] })
    .returning({ id: messages.id });
  return rows.length > 0;
}

/** Which of these Unipile message ids this account already has: the polling dedupe. */
export async function findKnownMessageIds(db: DbOrTx, linkedinAccountId: string, externalIds: string[]): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await db
    .select({ id: messages.externalMessageId })
    .from(messages)
    .where(and(eq(messages.linkedinAccountId, linkedinAccountId), inArray(messages.externalMessageId, externalIds)));
  return new Set(rows.map((r) => r.id));
}
