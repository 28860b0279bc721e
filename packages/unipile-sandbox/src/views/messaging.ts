import type { Attachment, Chat, Message, Person } from '../world/types';
import type { World } from '../world/world';
import { attendeeDistance, fullName, personOrPlaceholder, providerProfileUrl } from './common';

const FOLDER = ['INBOX', 'INBOX_LINKEDIN_CLASSIC'];
const bit = (b: boolean): 0 | 1 => (b ? 1 : 0);

/** Messages the account owner has not read yet. */
export function unreadCount(world: World, chat: Chat): number {
  const account = world.accounts.get(chat.accountId);
  return world.messagesOf(chat.id).filter((m) => !m.isSender && !m.deleted && !(account && m.seenBy[account.ownProviderId])).length;
}

/** `Chat` as listed by `GET /chats`: no attendees array; `attendee_provider_id` for 1:1 chats. */
export function chatView(world: World, chat: Chat): Record<string, unknown> {
  const unread = unreadCount(world, chat);
  return {
    object: 'Chat',
    id: chat.id,
    account_id: chat.accountId,
    account_type: 'LINKEDIN',
    provider_id: chat.providerId,
    ...(chat.type === 0 ? { attendee_provider_id: chat.attendeeProviderIds[0] } : {}),
    name: chat.name,
    type: chat.type,
    timestamp: world.lastActivity(chat).toISOString(),
    unread_count: unread,
    unread: bit(unread > 0),
    pinned: 0,
    archived: 0,
    read_only: 0,
    muted_until: null,
    disabledFeatures: [],
    folder: FOLDER,
    ...(chat.contentType ? { content_type: chat.contentType } : {}),
  };
}

/** `ChatAttendee`: `is_self` 0|1, `specifics.member_urn` as `urn:li:member:N`, `DISTANCE_n` vocabulary. */
export function attendeeView(world: World, accountId: string, person: Person): Record<string, unknown> {
  return {
    object: 'ChatAttendee',
    id: world.attendeeId(accountId, person.providerId),
    account_id: accountId,
    provider_id: person.providerId,
    name: fullName(person),
    is_self: bit(person.ownerOfAccountId === accountId),
    hidden: 0,
    picture_url: person.pictureUrl,
    profile_url: providerProfileUrl(person),
    specifics: {
      provider: 'LINKEDIN',
      member_urn: `urn:li:member:${person.memberId}`,
      occupation: person.headline,
      network_distance: attendeeDistance(world, accountId, person),
      pending_invitation: world.pendingInvitation(accountId, person.providerId) !== undefined,
      ...(person.location === null ? {} : { location: person.location }),
      headline: person.headline,
      contact_info: { emails: [], phone_numbers: [], websites: [], social_handles: [] },
    },
  };
}

/** Attachment shape shared by REST messages and webhooks; the `att://` url is fetched through the API. */
export function attachmentView(message: Message, a: Attachment): Record<string, unknown> {
  const base = {
    id: a.id,
    type: a.type,
    file_size: a.fileSize,
    unavailable: false,
    mimetype: a.mimetype,
    url: `att://${message.accountId}/${message.id}/${a.id}`,
  };
  switch (a.type) {
    case 'img':
      return { ...base, size: { width: 800, height: 600 }, sticker: false };
    case 'video':
      return { ...base, size: { width: 1280, height: 720 }, gif: false };
    case 'audio':
      return { ...base, voice_note: false };
    case 'file':
      return { ...base, file_name: a.fileName ?? 'file' };
    default:
      return base;
  }
}

const DISTANCE_NUMBER = { SELF: 0, DISTANCE_1: 1, DISTANCE_2: 2, DISTANCE_3: 3, OUT_OF_NETWORK: 3 } as const;

/** `Message` as REST returns it: `is_sender` and the other flags are 0|1, never booleans. */
export function messageView(world: World, message: Message): Record<string, unknown> {
  const chat = world.chats.get(message.chatId);
  const sender = personOrPlaceholder(world, message.senderProviderId);
  const seenBy = Object.fromEntries(
    Object.entries(message.seenBy).map(([providerId, at]) => [world.attendeeId(message.accountId, providerId), at]),
  );
  return {
    object: 'Message',
    id: message.id,
    chat_id: message.chatId,
    account_id: message.accountId,
    provider_id: message.providerId,
    chat_provider_id: chat?.providerId ?? null,
    text: message.deleted ? null : message.text,
    is_sender: bit(message.isSender),
    sender_id: message.senderProviderId,
    sender_attendee_id: world.attendeeId(message.accountId, message.senderProviderId),
    message_type: message.messageType,
    attendee_type: 'MEMBER',
    attendee_distance: DISTANCE_NUMBER[attendeeDistance(world, message.accountId, sender)],
    timestamp: message.timestamp.toISOString(),
    seen: bit(Object.keys(message.seenBy).some((id) => id !== message.senderProviderId)),
    delivered: 1,
    edited: bit(message.edited),
    hidden: 0,
    deleted: bit(message.deleted),
    is_event: 0,
    seen_by: seenBy,
    reactions: message.reactions.map((r) => ({
      value: r.value,
      sender_id: r.senderProviderId,
      is_sender: bit(r.senderProviderId === world.accounts.get(message.accountId)?.ownProviderId),
    })),
    attachments: message.deleted ? [] : message.attachments.map((a) => attachmentView(message, a)),
    subject: null,
    behavior: null,
    original: JSON.stringify({
      entityUrn: `urn:li:msg_message:(urn:li:fsd_profile:${sender.providerId},${message.providerId})`,
      body: { text: message.text ?? '' },
      deliveredAt: message.timestamp.getTime(),
    }),
  };
}
