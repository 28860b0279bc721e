import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { campaigns, conversations, linkedinAccounts, messages, replyAttachmentFiles } from '../schema';
import { appendInboxEvent, fileInboxMessage } from './inbox-ingest';
import type { Conversation, InboxMessage } from './inbox-conversations';

/** Placeholder external id of an inbox reply until Unipile names the message (unique per account). */
const pendingExternalId = () => `inbox-pending-${randomUUID()}`;

/** A file an operator attaches to a reply (already bounded by the caller). */
export interface ReplyAttachmentFile {
  fileName: string;
  mimetype: string;
  content: Buffer;
}

/**
 * What `messages.attachments` holds for a file, whichever way it came: Unipile's own objects for
 * messages learnt from LinkedIn (`id`, `type`, `file_size`, `mimetype`, `file_name`…), this shape for
 * an operator's reply (no id: Unipile names only the message it sent).
 */
export interface AttachmentMeta {
  id: string | null;
  type: 'img' | 'video' | 'audio' | 'file';
  file_name: string;
  mimetype: string;
  file_size: number;
  unavailable: false;
}

/** The metadata kept on the message for a reply's file; the type as Unipile would classify it. */
export function attachmentMetaOf(f: ReplyAttachmentFile): AttachmentMeta {
  const kind = f.mimetype.split('/')[0];
  const type = kind === 'image' ? 'img' : kind === 'video' ? 'video' : kind === 'audio' ? 'audio' : 'file';
  return { id: null, type, file_name: f.fileName, mimetype: f.mimetype, file_size: f.content.length, unavailable: false };
}

/**
 * Records an operator's reply as a pending outbound message (origin `inbox`), filed into its
 * conversation with its outbox event, in one transaction, with its files kept for the sender
 * (`reply_attachment_files`) and their metadata on the message. The same `Idempotency-Key` in
 * the same conversation returns the first message (`created: false`) and writes nothing.
 */
export async function createInboxReply(
  db: Db,
  input: { conversation: Conversation; userId: string | null; idempotencyKey: string; text: string; attachments?: ReplyAttachmentFile[] },
): Promise<{ message: InboxMessage; created: boolean }> {
  const files = input.attachments ?? [];
  const c = input.conversation;
  return db.transaction(async (tx) => {
    // Two requests with the same key at once: the second waits here, then finds the first's row.
    // (The row gets its conversation when filed, so the unique index alone cannot serialise them.)
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${c.id}|${input.idempotencyKey}`}, 0))`);
    const [earlier] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, c.id), eq(messages.idempotencyKey, input.idempotencyKey)));
    if (earlier) return { message: earlier, created: false };
    const externalMessageId = pendingExternalId();
    const now = new Date();
    const [inserted] = await tx
      .insert(messages)
      .values({
        clientId: c.clientId,
        linkedinAccountId: c.linkedinAccountId,
        leadId: c.leadId,
        chatId: c.chatId,
        externalMessageId,
        direction: 'outbound',
        origin: 'inbox',
        status: 'pending',
        text: input.text,
        attachments: files.map(attachmentMetaOf),
        sentAt: now,
        detection: 'api',
        sentByUserId: input.userId,
        idempotencyKey: input.idempotencyKey,
      })
      .returning({ id: messages.id });
    if (files.length > 0) {
      await tx.insert(replyAttachmentFiles).values(
        files.map((f, position) => ({
          messageId: inserted!.id,
          position,
          fileName: f.fileName,
          mimetype: f.mimetype,
          content: f.content,
        })),
      );
    }
    await fileInboxMessage(tx, {
      clientId: c.clientId,
      linkedinAccountId: c.linkedinAccountId,
      chatId: c.chatId,
      externalMessageId,
      direction: 'outbound',
      origin: 'inbox',
      sentAt: now,
      text: input.text,
    });
    const [filed] = await tx.select().from(messages).where(eq(messages.id, inserted!.id));
    return { message: filed!, created: true };
  });
}

export interface InboxReplyContext {
  message: InboxMessage;
  conversation: Conversation;
  account: typeof linkedinAccounts.$inferSelect;
  campaign: typeof campaigns.$inferSelect | null;
  schedulerRunning: boolean;
}

/** Everything the sender checks before an inbox reply goes out, read fresh. */
export async function loadInboxReply(db: DbOrTx, messageId: string): Promise<InboxReplyContext | undefined> {
  const [row] = await db
    .select({ message: messages, conversation: conversations, account: linkedinAccounts })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(linkedinAccounts, eq(linkedinAccounts.id, conversations.linkedinAccountId))
    .where(and(eq(messages.id, messageId), eq(messages.origin, 'inbox')));
  if (!row) return undefined;
  const campaign = row.conversation.campaignId
    ? ((await db.select().from(campaigns).where(eq(campaigns.id, row.conversation.campaignId)))[0] ?? null)
    : null;
  const flags = (await db.execute(
    sql`select coalesce((select running from automation_state where key = 'scheduler'), true) as running`,
  )) as unknown as Array<{ running: boolean }>;
  return { ...row, campaign, schedulerRunning: flags[0]?.running ?? true };
}

/** A reply's files in the order they were attached (empty once the reply was sent or failed). */
export async function loadReplyAttachmentFiles(db: DbOrTx, messageId: string): Promise<ReplyAttachmentFile[]> {
  return db
    .select({ fileName: replyAttachmentFiles.fileName, mimetype: replyAttachmentFiles.mimetype, content: replyAttachmentFiles.content })
    .from(replyAttachmentFiles)
    .where(eq(replyAttachmentFiles.messageId, messageId))
    .orderBy(replyAttachmentFiles.position);
}

/** The claim of an inbox reply for `reserveUsageAnd`: pending and unclaimed → claimed, guarded by the reservation. */
export const claimInboxReplyStatement =
  (messageId: string) =>
  (guard: SQL): SQL =>
    sql`update messages set claimed_at = now() where id = ${messageId}::uuid and status = 'pending' and claimed_at is null and ${guard} returning id`;

/** Gives a claim back: Unipile provably did not take the message (a 429 before it was sent). */
export async function releaseInboxReplyClaim(db: DbOrTx, messageId: string): Promise<void> {
  await db
    .update(messages)
    .set({ claimedAt: null })
    .where(and(eq(messages.id, messageId), eq(messages.status, 'pending')));
}

/**
 * The reply went out: the message takes Unipile's id and `sent`, one `message_sent` event when the
 * conversation is a campaign lead's (a manual touch: `meta.origin = 'inbox'`, `meta.step = 'manual'`),
 * and an outbox update. The webhook echo may have been stored first as `external_device`: that
 * copy is removed, this row is the message.
 */
export async function recordInboxReplySent(
  tx: DbOrTx,
  r: InboxReplyContext,
  sent: { externalMessageId: string | null; chatId: string },
  now: Date,
): Promise<void> {
  if (sent.externalMessageId) {
    await tx.execute(
      sql`delete from messages where linkedin_account_id = ${r.account.id}::uuid and external_message_id = ${sent.externalMessageId} and id <> ${r.message.id}::uuid`,
    );
  }
  await tx
    .update(messages)
    .set({ status: 'sent', externalMessageId: sent.externalMessageId ?? r.message.externalMessageId, sentAt: now, failureReason: null })
    .where(eq(messages.id, r.message.id));
  // LinkedIn has the files now; the message keeps their metadata.
  await tx.delete(replyAttachmentFiles).where(eq(replyAttachmentFiles.messageId, r.message.id));
  const c = r.conversation;
  if (c.leadId && c.campaignId) {
    await tx.execute(sql`
      insert into events (client_id, campaign_id, lead_id, linkedin_account_id, type, external_id, occurred_at, meta)
      values (${c.clientId}::uuid, ${c.campaignId}::uuid, ${c.leadId}::uuid, ${r.account.id}::uuid, 'message_sent', ${sent.externalMessageId}, ${now.toISOString()}::timestamptz,
        ${JSON.stringify({ method: 'unipile_api', origin: 'inbox', step: 'manual', unipile_message_id: sent.externalMessageId, chat_id: sent.chatId, inbox_message_id: r.message.id, sent_by_user_id: r.message.sentByUserId })}::jsonb)`);
  }
  await appendInboxEvent(tx, {
    clientId: c.clientId,
    conversationId: c.id,
    type: 'message.updated',
    payload: { conversation_id: c.id, message_id: r.message.id, status: 'sent' },
  });
}

/** The reply will not go out: `failed` with the reason, and an outbox update. */
export async function recordInboxReplyFailed(db: Db, r: InboxReplyContext, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(messages)
      .set({ status: 'failed', failureReason: reason.slice(0, 1000), claimedAt: null })
      .where(and(eq(messages.id, r.message.id), eq(messages.status, 'pending')))
      .returning({ id: messages.id });
    if (!row) return;
    await tx.delete(replyAttachmentFiles).where(eq(replyAttachmentFiles.messageId, r.message.id));
    await appendInboxEvent(tx, {
      clientId: r.conversation.clientId,
      conversationId: r.conversation.id,
      type: 'message.updated',
      payload: { conversation_id: r.conversation.id, message_id: r.message.id, status: 'failed', reason },
    });
  });
}

/**
 * Inbox replies still `pending` that were written before `before` (oldest first, at most `limit`):
 * the sweep re-enqueues their send jobs, in case the gateway's enqueue after the commit was lost.
 */
export async function listStalePendingInboxReplies(db: DbOrTx, before: Date, limit: number): Promise<string[]> {
  const rows = await db.execute(sql`
    select id from messages
    where status = 'pending' and origin = 'inbox' and created_at < ${before.toISOString()}::timestamptz
    order by created_at limit ${limit}`);
  return (rows as unknown as Array<{ id: string }>).map((r) => r.id);
}
