import { findClientLeadsBy, type Db, type LeadKey, type LeadWithAccount, type LinkedinAccount } from '@outreach/db';
import { parseMemberUrn, refFromProfileUrl, normalizePublicIdentifier } from '@outreach/domain';
import { UnipileError, type Participant, type UnipileClient } from '@outreach/unipile';

export interface TriedKey {
  key: string;
  value: string;
}

export interface LeadMatch {
  lead: LeadWithAccount | null;
  /** Every lead of the client that the winning key found (the same person in several campaigns). */
  candidates: LeadWithAccount[];
  matchKey: string | null;
  tried: TriedKey[];
  /** Identifiers learnt on the way (payload, profile lookup), to backfill onto the lead. */
  learnt: { providerId: string | null; memberId: string | null; publicIdentifier: string | null };
}

interface Context {
  db: Db;
  unipile: UnipileClient;
  account: LinkedinAccount;
  chatId: string | null;
  /** Chat members other than the account, fetched lazily when every other key failed. */
  loadOthers: () => Promise<Participant[]>;
}

/**
 * Finds the lead a person is, within the account's client only, trying in turn: provider id;
 * member id (numeric or URN, resolved through a profile lookup); public identifier; the chat id
 * stored as a lead's conversation id; the chat's attendees. Every key tried is reported, so an
 * unmatched reply can be explained.
 */
export async function resolveLead(ctx: Context, person: Participant | null): Promise<LeadMatch> {
  const tried: TriedKey[] = [];
  const learnt = { providerId: null as string | null, memberId: null as string | null, publicIdentifier: null as string | null };
  const { db, account } = ctx;

  const attempt = async (key: LeadKey, label: string, values: Array<string | null | undefined>) => {
    const wanted = values.filter((v): v is string => Boolean(v));
    if (wanted.length === 0) return null;
    for (const value of wanted) tried.push({ key: label, value });
    const found = await findClientLeadsBy(db, account.clientId, key, wanted, { linkedinAccountId: account.id, conversationId: ctx.chatId });
    return found.length > 0 ? { lead: found[0] ?? null, candidates: found, matchKey: label, tried, learnt } : null;
  };

  if (person) {
    const urn = parseMemberUrn(person.memberUrn);
    const fromUrl = refFromProfileUrl(person.profileUrl);
    learnt.providerId = person.providerId ?? urn.providerId ?? fromUrl.providerId ?? null;
    learnt.memberId = urn.memberId ?? null;
    learnt.publicIdentifier = normalizePublicIdentifier(person.publicIdentifier) ?? fromUrl.publicIdentifier ?? null;

    const byProvider = await attempt('provider_id', 'provider_id', [learnt.providerId]);
    if (byProvider) return byProvider;
    const byMember = await attempt('member_id', 'member_id', [learnt.memberId]);
    if (byMember) return byMember;
    const byPublic = await attempt('public_identifier', 'public_identifier', [learnt.publicIdentifier]);
    if (byPublic) return byPublic;

    // Payload ids did not match: ask Unipile who this is. Webhooks carry the ACoA id and a member
    // URN but no vanity slug, while leads imported from a CSV know only the slug.
    const lookupId = learnt.providerId ?? learnt.memberId;
    if (lookupId) {
      const profile = await lookupProfile(ctx.unipile, account.unipileAccountId, lookupId);
      tried.push({ key: 'profile_lookup', value: lookupId });
      if (profile) {
        const memberId = parseMemberUrn(profile.member_urn).memberId ?? null;
        const publicIdentifier = normalizePublicIdentifier(profile.public_identifier);
        learnt.memberId ??= memberId;
        learnt.publicIdentifier ??= publicIdentifier;
        if (profile.provider_id !== learnt.providerId) {
          learnt.providerId = profile.provider_id;
          const viaProvider = await attempt('provider_id', 'profile_lookup.provider_id', [profile.provider_id]);
          if (viaProvider) return viaProvider;
        }
        if (memberId && memberId !== urn.memberId) {
          const viaMember = await attempt('member_id', 'profile_lookup.member_id', [memberId]);
          if (viaMember) return viaMember;
        }
        const viaPublic = await attempt('public_identifier', 'profile_lookup.public_identifier', [publicIdentifier]);
        if (viaPublic) return viaPublic;
      }
    }
  }

  const byChat = await attempt('conversation_id', 'conversation_id', [ctx.chatId]);
  if (byChat) return byChat;

  if (ctx.chatId) {
    const others = await ctx.loadOthers();
    const ids = others.flatMap((o) => [o.providerId, parseMemberUrn(o.memberUrn).providerId]).filter((v): v is string => Boolean(v));
    const fresh = ids.filter((id) => id !== learnt.providerId);
    const byAttendee = await attempt('provider_id', 'chat_attendee.provider_id', fresh);
    if (byAttendee) return byAttendee;
  }

  return { lead: null, candidates: [], matchKey: null, tried, learnt };
}

async function lookupProfile(unipile: UnipileClient, accountId: string, identifier: string) {
  try {
    return await unipile.getProfile(accountId, identifier);
  } catch (err) {
    // Unknown to LinkedIn is an answer (no match), anything else must be retried.
    if (err instanceof UnipileError && (err.status === 404 || err.status === 422)) return null;
    throw err;
  }
}
