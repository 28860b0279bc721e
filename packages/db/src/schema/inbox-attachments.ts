import { customType, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { messages } from './activity';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * The files of an inbox reply between the API call and the send: the sender runs in another
 * process and its job carries ids only, so the bytes wait here. Deleted in the transaction that
 * records the reply sent or failed; what stays is the metadata on `messages.attachments`.
 */
export const replyAttachmentFiles = pgTable(
  'reply_attachment_files',
  {
    messageId: uuid('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    fileName: text('file_name').notNull(),
    mimetype: text('mimetype').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.position] })],
);
