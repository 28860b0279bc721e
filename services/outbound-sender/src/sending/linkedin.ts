import type { UnipileClient, UnipileMessage } from '@outreach/unipile';

/** The calls a send makes to LinkedIn through Unipile, each returning only what the outcome needs. */

const FIRST_DEGREE = new Set(['FIRST_DEGREE', 'DISTANCE_1']);

/** Profile lookup by public identifier: the provider id to invite, and whether they are already a connection. */
export async function lookUpPerson(unipile: UnipileClient, accountId: string, identifier: string) {
  const profile = await unipile.getProfile(accountId, identifier);
  const memberUrn = profile.member_urn ?? null;
  return {
    providerId: profile.provider_id,
    memberId: memberUrn && /^\d+$/.test(memberUrn) ? memberUrn : null,
    isFirstDegree: FIRST_DEGREE.has(profile.network_distance ?? '') || profile.is_relationship === true,
  };
}

/** The existing 1:1 chat with a person among the account's most recent chats, if any. */
export async function findChatWith(unipile: UnipileClient, accountId: string, providerId: string): Promise<string | null> {
  const page = await unipile.listChats(accountId, { limit: 100 });
  return page.items.find((c) => c.attendee_provider_id === providerId && (c.type ?? 0) === 0)?.id ?? null;
}

// How far a reconcile pages through recently active chats: 20 pages of 250.
const RECONCILE_CHAT_PAGES = 20;

/**
 * The 1:1 chat with a person that was active since `since`: where a lost attempt's first message
 * started it. Pages through every chat active since then (the busiest account may have many), not
 * only the latest 100 that `findChatWith` reads on the hot path.
 */
export async function findChatActiveSince(
  unipile: UnipileClient,
  accountId: string,
  providerId: string,
  since: Date,
): Promise<string | null> {
  let cursor: string | null | undefined;
  for (let page = 0; page < RECONCILE_CHAT_PAGES; page += 1) {
    const chats = await unipile.listChats(accountId, { limit: 250, after: since, cursor });
    const found = chats.items.find((c) => c.attendee_provider_id === providerId && (c.type ?? 0) === 0);
    if (found) return found.id;
    cursor = chats.cursor;
    if (!cursor) return null;
  }
  return null;
}

/** Sends into a known chat, or starts one (LinkedIn reuses an existing thread). Success is only `MessageSent` / `ChatStarted`. */
export async function deliverMessage(
  unipile: UnipileClient,
  input: { accountId: string; chatId: string | null; providerId: string; text: string },
) {
  if (input.chatId) {
    const sent = await unipile.sendMessage({ chatId: input.chatId, text: input.text, accountId: input.accountId });
    return { chatId: input.chatId, messageId: sent.message_id };
  }
  const started = await unipile.startChat({ accountId: input.accountId, attendeeProviderIds: [input.providerId], text: input.text });
  return { chatId: started.chat_id, messageId: started.message_id };
}

/** The newest messages of a chat (newest first). */
export async function recentChatMessages(unipile: UnipileClient, chatId: string, limit = 20): Promise<UnipileMessage[]> {
  return (await unipile.listChatMessages(chatId, { limit })).items;
}

/** A pending invitation from this account to the person, found in the first pages of sent invitations. */
export async function findSentInvitation(
  unipile: UnipileClient,
  accountId: string,
  person: { providerId: string | null; publicIdentifier: string | null },
  pages = 3,
) {
  let cursor: string | undefined;
  for (let i = 0; i < pages; i += 1) {
    const page = await unipile.listSentInvitations(accountId, { limit: 100, ...(cursor ? { cursor } : {}) });
    const hit = page.items.find(
      (inv) =>
        (person.providerId && inv.invited_user_id === person.providerId) ||
        (person.publicIdentifier &&
          String((inv as Record<string, unknown>).invited_user_public_id ?? '').toLowerCase() === person.publicIdentifier),
    );
    if (hit) return { invitationId: hit.id };
    if (!page.cursor) return null;
    cursor = page.cursor;
  }
  return null;
}
