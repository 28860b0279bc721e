import type { SandboxContext } from '../context';
import { ApiError, invalidParameters } from '../errors';
import { newMessagingProviderId, newUnipileId } from '../ids';
import type { Account, Attachment, AttachmentInput, AttachmentType, Chat, Message, Person } from '../world/types';

export interface MessageContent {
  text: string | null;
  attachments?: AttachmentInput[];
}

function toAttachment(input: AttachmentInput): Attachment {
  const mimetype = input.mimetype ?? null;
  const inferred: AttachmentType = mimetype?.startsWith('image/')
    ? 'img'
    : mimetype?.startsWith('video/')
      ? 'video'
      : mimetype?.startsWith('audio/')
        ? 'audio'
        : 'file';
  return {
    id: newUnipileId(),
    type: input.type ?? inferred,
    fileName: input.file_name ?? null,
    mimetype,
    fileSize: input.file_size ?? null,
  };
}

export function createChat(
  ctx: SandboxContext,
  account: Account,
  attendeeProviderIds: string[],
  contentType: Chat['contentType'] = null,
): Chat {
  const chat: Chat = {
    id: newUnipileId(),
    accountId: account.id,
    providerId: newMessagingProviderId(),
    attendeeProviderIds,
    type: attendeeProviderIds.length > 1 ? 1 : 0,
    name: null,
    createdAt: ctx.clock.now(),
    contentType,
  };
  ctx.world.chats.set(chat.id, chat);
  return chat;
}

/** Timestamps strictly increase so "newest first" is never ambiguous. */
function nextTimestamp(ctx: SandboxContext): Date {
  const ms = Math.max(ctx.clock.nowMs(), ctx.world.latestMessageMs + 1);
  ctx.world.latestMessageMs = ms;
  return new Date(ms);
}

function addMessage(ctx: SandboxContext, account: Account, chat: Chat, sender: string, content: MessageContent): Message {
  if (content.text === null && (content.attachments ?? []).length === 0) throw invalidParameters('Expected text or attachments at /text');
  const message: Message = {
    id: newUnipileId(),
    accountId: account.id,
    chatId: chat.id,
    providerId: newMessagingProviderId(),
    senderProviderId: sender,
    text: content.text,
    attachments: (content.attachments ?? []).map(toAttachment),
    timestamp: nextTimestamp(ctx),
    isSender: sender === account.ownProviderId,
    seenBy: {},
    reactions: [],
    edited: false,
    deleted: false,
    messageType: chat.contentType === 'inmail' ? 'INMAIL' : 'MESSAGE',
  };
  ctx.world.messages.set(message.id, message);
  return message;
}

/** An own message that appears in the chat and echoes as `message_received` with `is_sender: true`. */
export function appendOwnMessage(ctx: SandboxContext, account: Account, chat: Chat, content: MessageContent): Message {
  const message = addMessage(ctx, account, chat, account.ownProviderId, content);
  ctx.events.messaging(account, 'message_received', message);
  return message;
}

/** An API send: recorded in the sent log and seen by simulated people (who may answer). */
export function sendOwnMessage(ctx: SandboxContext, account: Account, chat: Chat, content: MessageContent): Message {
  const message = appendOwnMessage(ctx, account, chat, content);
  ctx.world.sent.messages.push({
    account_id: account.id,
    chat_id: chat.id,
    recipient_provider_ids: [...chat.attendeeProviderIds],
    text: message.text,
    attachments: message.attachments.map((a) => ({ type: a.type, file_name: a.fileName, mimetype: a.mimetype, file_size: a.fileSize })),
    message_id: message.id,
    at: message.timestamp.toISOString(),
  });
  ctx.reactions.afterOwnMessage(account, chat);
  return message;
}

/**
 * `POST /chats`: LinkedIn only lets you message first-degree connections unless InMail is used;
 * an existing 1:1 thread with the person is reused.
 */
export function startChat(
  ctx: SandboxContext,
  account: Account,
  attendeeIds: string[],
  inmail: boolean,
  content: MessageContent,
): { chat: Chat; message: Message } {
  const people: Person[] = attendeeIds.map((id) => {
    const person = ctx.world.people.get(id);
    if (!person || person.providerId === account.ownProviderId)
      throw new ApiError(422, 'invalid_recipient', `The recipient ${id} could not be found.`);
    return person;
  });
  const unconnected = people.filter((p) => !ctx.world.relation(account.id, p.providerId));
  if (unconnected.length > 0 && !(inmail && people.length === 1)) {
    throw new ApiError(422, 'no_connection_with_recipient', 'The recipient appears not to be first degree connection');
  }
  const ids = [...new Set(people.map((p) => p.providerId))];
  const onlyId = ids.length === 1 ? ids[0] : undefined;
  const existing = onlyId === undefined ? undefined : ctx.world.directChat(account.id, onlyId);
  const chat = existing ?? createChat(ctx, account, ids, unconnected.length > 0 ? 'inmail' : null);
  return { chat, message: sendOwnMessage(ctx, account, chat, content) };
}

/**
 * A message from a person to an account: in the given chat, else the existing 1:1 chat, else a new
 * one (an InMail thread when they are not connected).
 */
export function receiveMessage(
  ctx: SandboxContext,
  account: Account,
  person: Person,
  content: MessageContent,
  chatId?: string,
): { chat: Chat; message: Message } {
  let chat: Chat | undefined;
  if (chatId !== undefined) {
    chat = ctx.world.requireChat(chatId, account.id);
    if (!chat.attendeeProviderIds.includes(person.providerId)) throw invalidParameters(`${person.providerId} is not in chat ${chatId}`);
  }
  chat ??= ctx.world.directChat(account.id, person.providerId);
  chat ??= createChat(ctx, account, [person.providerId], ctx.world.relation(account.id, person.providerId) ? null : 'inmail');
  const message = addMessage(ctx, account, chat, person.providerId, content);
  ctx.events.messaging(account, 'message_received', message);
  return { chat, message };
}
