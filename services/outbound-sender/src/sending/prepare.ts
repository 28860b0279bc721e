import { isPgError, PG_UNIQUE_VIOLATION, setLookedUpProviderId, type SendContext } from '@outreach/db';
import type { SenderDeps } from '../deps';
import { findChatWith, lookUpPerson } from './linkedin';
import { retryTime } from './retry-time';

/** What a send needs from LinkedIn before it locks its lead: who the person is, and the chat with them. */
export type Prepared =
  | { kind: 'ready'; providerId: string | null; chatId: string | null; firstDegree: boolean }
  | { kind: 'wait'; until: Date; reason: string }
  | { kind: 'no_identifier' }
  | { kind: 'duplicate_person'; providerId: string };

/**
 * Resolves the lead's provider id (a profile lookup, which costs a `profile_view` token) and, for a
 * message, the existing chat. Done outside the lead's lock: these are reads, and a reply arriving
 * meanwhile is caught by the checks under the lock. Unipile errors propagate to the caller.
 */
export async function prepareSend(
  deps: SenderDeps,
  ctx: SendContext,
  action: 'invite' | 'message' | 'withdraw',
  now: Date,
): Promise<Prepared> {
  const { lead, account } = ctx;
  let providerId = lead.providerId;
  let firstDegree = false;
  if (!providerId && action !== 'withdraw') {
    const identifier = lead.publicIdentifier;
    if (!identifier) return { kind: 'no_identifier' };
    const token = await deps.limiter.take(account, 'profile_view', now);
    if (!token.ok) return { kind: 'wait', until: retryTime(token, account), reason: `profile_view_${token.reason}` };
    const person = await lookUpPerson(deps.unipile, account.unipileAccountId, identifier);
    providerId = person.providerId;
    firstDegree = person.isFirstDegree;
    try {
      await setLookedUpProviderId(deps.db, lead, { providerId, memberId: person.memberId ?? null }, now);
    } catch (err) {
      // Another lead of this campaign already is this person (two URLs for one profile).
      if (isPgError(err, PG_UNIQUE_VIOLATION)) return { kind: 'duplicate_person', providerId };
      throw err;
    }
  }
  let chatId = lead.conversationId;
  if (action === 'message' && !chatId && providerId) chatId = await findChatWith(deps.unipile, account.unipileAccountId, providerId);
  return { kind: 'ready', providerId, chatId, firstDegree };
}
