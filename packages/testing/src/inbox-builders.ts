import { randomUUID } from 'node:crypto';
import { conversations, fileInboxMessage, messages, type Db } from '@outreach/db';

type ConversationRow = typeof conversations.$inferSelect;

/** A conversation of an account (a fresh chat id unless given), with no messages. */
export async function insertConversation(
  db: Db,
  account: { id: string; clientId: string },
  overrides: Partial<typeof conversations.$inferInsert> = {},
): Promise<ConversationRow> {
  const [row] = await db
    .insert(conversations)
    .values({
      clientId: account.clientId,
      linkedinAccountId: account.id,
      chatId: `chat-${randomUUID()}`,
      lastMessageAt: new Date(),
      ...overrides,
    })
    .returning();
  return row as ConversationRow;
}

/**
 * Stores a message and files it the way ingestion does (aggregates, reopening, outbox event).
 * Returns the message id.
 */
export async function insertInboxMessage(
  db: Db,
  conversation: { clientId: string; linkedinAccountId: string; chatId: string; leadId?: string | null; campaignId?: string | null },
  m: {
    direction?: 'inbound' | 'outbound';
    origin?: 'sequence' | 'inbox' | 'external_device' | 'prospect';
    text?: string;
    sentAt?: Date;
  } = {},
): Promise<string> {
  const direction = m.direction ?? 'inbound';
  const origin = m.origin ?? (direction === 'inbound' ? 'prospect' : 'external_device');
  const externalMessageId = `msg-${randomUUID()}`;
  const sentAt = m.sentAt ?? new Date();
  const text = m.text ?? 'Hello there';
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        clientId: conversation.clientId,
        linkedinAccountId: conversation.linkedinAccountId,
        chatId: conversation.chatId,
        externalMessageId,
        direction,
        origin,
        text,
        sentAt,
        detection: 'webhook',
      })
      .returning({ id: messages.id });
    await fileInboxMessage(tx, { ...conversation, externalMessageId, direction, origin, sentAt, text });
    return row!.id;
  });
}
