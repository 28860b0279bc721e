import type { LinkedinAccount } from '@outreach/db';
import { decideDirection, type Direction } from '@outreach/domain';
import { parseMemberUrn } from '@outreach/domain';
import {
  UnipileError,
  type NormalizedMessage,
  type Participant,
  type UnipileAttendee,
  type UnipileClient,
  type UnipileMessage,
} from '@outreach/unipile';

export interface SenderFinding {
  direction: Direction;
  /** The person who wrote the message (for inbound), or null if no payload or fetch revealed them. */
  sender: Participant | null;
  /** Everyone in the chat but the account itself, as far as we know. */
  others: Participant[];
  /** The account's own LinkedIn id, from the payload, the database or the chat's attendees. */
  ownId: string | null;
  /** Whether the chat had to be fetched from Unipile to decide. */
  fetched: boolean;
}

const participantFrom = (providerId: string, extra: Partial<Participant> = {}): Participant => ({
  providerId,
  name: null,
  publicIdentifier: null,
  memberUrn: null,
  profileUrl: null,
  ...extra,
});

const isOwn = (p: Participant, ownId: string | null): boolean =>
  Boolean(ownId) && (p.providerId === ownId || parseMemberUrn(p.memberUrn).providerId === ownId);

/**
 * Works out who sent a message: the payload's `sender`; else the attendees minus the account;
 * else, when the payload holds little more than a chat id, the chat's attendees and messages
 * fetched from Unipile.
 */
export async function findSender(unipile: UnipileClient, account: LinkedinAccount, msg: NormalizedMessage): Promise<SenderFinding> {
  let ownId = msg.accountUserId ?? account.providerUserId ?? null;
  let isSender = msg.isSender;
  let sender = msg.sender;
  let others = msg.attendees.filter((a) => !isOwn(a, ownId));
  let fetched = false;

  if (!sender && isSender === false && others.length === 1) sender = others[0] ?? null;
  let direction = decideDirection({ isSender, senderProviderId: sender?.providerId ?? null, accountUserId: ownId });

  const needsFetch = msg.chatId !== null && (direction === 'unknown' || (direction === 'inbound' && !sender));
  if (needsFetch && msg.chatId) {
    fetched = true;
    const attendees = await listAttendees(unipile, msg.chatId);
    const self = attendees.find((a) => a.is_self === true);
    if (self && !ownId) ownId = self.provider_id;
    others = attendees
      .filter((a) => a.is_self !== true && a.provider_id !== ownId)
      .map((a) =>
        participantFrom(a.provider_id, {
          name: a.name ?? null,
          memberUrn: a.specifics?.member_urn ?? null,
          profileUrl: a.profile_url ?? null,
        }),
      );
    const recent = await listRecentMessages(unipile, msg.chatId);
    const found = recent.find((m) => m.id === msg.messageId || (msg.providerMessageId !== null && m.provider_id === msg.providerMessageId));
    if (found) {
      isSender = found.is_sender;
      if (found.sender_id) sender = others.find((o) => o.providerId === found.sender_id) ?? participantFrom(found.sender_id);
    }
    if (!sender && isSender === false && others.length === 1) sender = others[0] ?? null;
    direction = decideDirection({ isSender, senderProviderId: sender?.providerId ?? null, accountUserId: ownId });
  }

  return { direction, sender, others, ownId, fetched };
}

/** A chat Unipile does not know (deleted, or not this account's) has no attendees: not an error to retry. */
const orEmptyWhenUnknown = async <T>(load: () => Promise<{ items: T[] }>): Promise<T[]> => {
  try {
    return (await load()).items;
  } catch (err) {
    if (err instanceof UnipileError && err.status === 404) return [];
    throw err;
  }
};

export const listAttendees = (unipile: UnipileClient, chatId: string): Promise<UnipileAttendee[]> =>
  orEmptyWhenUnknown(() => unipile.listChatAttendees(chatId));

const listRecentMessages = (unipile: UnipileClient, chatId: string): Promise<UnipileMessage[]> =>
  orEmptyWhenUnknown(() => unipile.listChatMessages(chatId, { limit: 50 }));
