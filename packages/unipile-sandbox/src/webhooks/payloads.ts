import { attendeeDistance, fullName, personOrPlaceholder, providerProfileUrl, publicProfileUrl } from '../views/common';
import { attachmentView } from '../views/messaging';
import type { Account, Message, Person } from '../world/types';
import type { World } from '../world/world';

export const MESSAGING_EVENTS = ['message_received', 'message_read', 'message_reaction', 'message_edited', 'message_deleted'] as const;
export type MessagingEvent = (typeof MESSAGING_EVENTS)[number];

/** Extras some messaging events carry on top of the shared envelope. */
export interface MessagingExtras {
  reaction?: string;
  reactionSender?: Person;
  readBy?: Person;
}

/** A webhook attendee: ACoA-based profile url, `urn:li:member:N`, null public identifier (real capture). */
export function webhookAttendee(world: World, accountId: string, person: Person): Record<string, unknown> {
  return {
    attendee_id: world.attendeeId(accountId, person.providerId),
    attendee_provider_id: person.providerId,
    attendee_name: fullName(person),
    attendee_profile_url: providerProfileUrl(person),
    attendee_specifics: {
      provider: 'LINKEDIN',
      member_urn: `urn:li:member:${person.memberId}`,
      occupation: person.headline,
      is_company: false,
      network_distance: attendeeDistance(world, accountId, person),
    },
    attendee_public_identifier: null,
  };
}

/**
 * The messaging envelope in the key order of the real `message_received` capture. Webhook types
 * differ from REST on purpose: `is_sender`/`is_group` are booleans, `is_event`/`chat_pinned` ints.
 */
export function messagingPayload(
  world: World,
  account: Account,
  event: MessagingEvent,
  message: Message,
  extras: MessagingExtras,
  webhookName: string,
): Record<string, unknown> {
  const chat = world.chats.get(message.chatId);
  const attendees = (chat?.attendeeProviderIds ?? []).map((id) => webhookAttendee(world, account.id, personOrPlaceholder(world, id)));
  const sender = webhookAttendee(world, account.id, personOrPlaceholder(world, message.senderProviderId));
  const eventExtras: Record<string, unknown> = {};
  if (extras.reaction !== undefined) eventExtras.reaction = extras.reaction;
  if (extras.reactionSender) eventExtras.reaction_sender = webhookAttendee(world, account.id, extras.reactionSender);
  if (extras.readBy) eventExtras.read_by = [webhookAttendee(world, account.id, extras.readBy)];
  return {
    event,
    account_id: account.id,
    account_type: 'LINKEDIN',
    account_info: { type: 'LINKEDIN', feature: 'classic', user_id: account.ownProviderId },
    webhook_name: webhookName,
    chat_id: message.chatId,
    attendees,
    sender,
    subject: null,
    message: message.deleted || event === 'message_deleted' ? null : message.text,
    message_id: message.id,
    timestamp: message.timestamp.toISOString(),
    attachments: message.deleted ? [] : message.attachments.map((a) => attachmentView(message, a)),
    ...eventExtras,
    is_sender: message.isSender,
    provider_chat_id: chat?.providerId ?? null,
    provider_message_id: message.providerId,
    is_event: 0,
    chat_pinned: 0,
    quoted: null,
    reply_to: null,
    is_forwarded: null,
    chat_content_type: chat?.contentType ?? null,
    message_type: message.messageType,
    is_group: chat?.type === 1,
    folder: ['INBOX', 'INBOX_LINKEDIN_CLASSIC'],
    event_type: null,
  };
}

/** `new_relation` (users source), as in Unipile's "detecting accepted invitations" doc. */
export function newRelationPayload(account: Account, person: Person, webhookName: string): Record<string, unknown> {
  return {
    event: 'new_relation',
    account_id: account.id,
    account_type: 'LINKEDIN',
    webhook_name: webhookName,
    user_full_name: fullName(person),
    user_provider_id: person.providerId,
    user_public_identifier: person.publicIdentifier,
    user_profile_url: publicProfileUrl(person),
    user_picture_url: person.pictureUrl,
  };
}

/** Account status: a single top-level `AccountStatus` key, no `event`, no `webhook_name` (real capture). */
export function accountStatusPayload(accountId: string, message: string): Record<string, unknown> {
  return { AccountStatus: { account_id: accountId, account_type: 'LINKEDIN', message } };
}

/** Applies a registration's `data` renames (`{name, key}`: payload key `key` is sent as `name`), keeping key order. */
export function applyRenames(payload: Record<string, unknown>, data: Array<{ name: string; key: string }>): Record<string, unknown> {
  const renames = new Map(data.filter((d) => d.name !== d.key).map((d) => [d.key, d.name]));
  if (renames.size === 0) return payload;
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [renames.get(k) ?? k, v]));
}
