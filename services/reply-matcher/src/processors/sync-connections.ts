import { UnrecoverableError } from 'bullmq';
import {
  awaitingAcceptanceStats,
  findAccountById,
  findScopedLeadsByIds,
  type AccountLeadScope,
  type AwaitingAcceptanceStats,
  type Lead,
  type LinkedinAccount,
} from '@outreach/db';
import {
  AWAITING_ACCEPTANCE_LEAD_STATUSES,
  canMarkConnected,
  isPastAcceptance,
  normalizePublicIdentifier,
  parseMemberUrn,
} from '@outreach/domain';
import type { SyncConnectionsPayload, SyncConnectionsResult } from '@outreach/queues';
import { UnipileError, type UnipileRelation } from '@outreach/unipile';
import type { MatcherDeps } from '../deps';
import { markConnected } from '../matching/handle-relation';

export interface SyncLimits {
  /** Relations per page (Unipile allows up to 1000; the sandbox too). */
  pageSize: number;
  /** Unipile advises reading only the first pages of relations, a few times a day. */
  maxPages: number;
  /** Profile lookups count as profile views against the account's LinkedIn limits. */
  maxProfileLookups: number;
  /** Slack for clock differences between our send times and LinkedIn's acceptance times. */
  inviteMarginMs: number;
}

const DEFAULT_LIMITS: SyncLimits = { pageSize: 100, maxPages: 10, maxProfileLookups: 20, inviteMarginMs: 3600_000 };
const SENT_INVITATIONS_PAGE = 100;
const UNMATCHED_SAMPLE_SIZE = 20;

interface Person {
  providerId: string | null;
  memberId: string | null;
  publicIdentifier: string | null;
  raw: UnipileRelation;
}

interface SyncRun {
  deps: MatcherDeps;
  account: LinkedinAccount;
  scope: AccountLeadScope;
  lookupsLeft: number;
  handled: Set<string>;
  result: SyncConnectionsResult;
}

/**
 * Finds the leads of one account (or one of its campaigns) that accepted their invitation without
 * a `new_relation` webhook reaching us: reads the most recent relations, newest first, until they
 * are older than the oldest invitation that left Unipile's pending list (or after `maxPages`), and
 * moves each matching lead to `connected` through the same guarded path as the webhook.
 */
export async function processSyncConnections(
  deps: MatcherDeps,
  payload: SyncConnectionsPayload,
  limits: Partial<SyncLimits> = {},
): Promise<SyncConnectionsResult> {
  const result: SyncConnectionsResult = { matched: 0, alreadyConnected: 0, scanned: 0, unmatchedSample: [] };
  const account = await findAccountById(deps.db, payload.linkedinAccountId);
  if (!account) return result;
  const l = { ...DEFAULT_LIMITS, ...limits };
  const scope: AccountLeadScope = { linkedinAccountId: account.id, ...(payload.campaignId ? { campaignId: payload.campaignId } : {}) };

  const pending = await pendingInvitations(deps, account, l.maxPages);
  const stats = await awaitingAcceptanceStats(deps.db, scope, AWAITING_ACCEPTANCE_LEAD_STATUSES, pending);
  const stopBefore = readRelationsUntil(stats, l.inviteMarginMs);
  // A lookup can only help a lead we know by slug or member id alone.
  const run: SyncRun = {
    deps,
    account,
    scope,
    lookupsLeft: stats.awaitingWithoutProviderId > 0 ? l.maxProfileLookups : 0,
    handled: new Set(),
    result,
  };

  let cursor: string | null = null;
  let pages = 0;
  while (pages < l.maxPages) {
    const batch = await fromUnipile(() => deps.unipile.listRelations(account.unipileAccountId, { limit: l.pageSize, cursor }));
    pages += 1;
    result.scanned += batch.items.length;
    await matchRelations(run, batch.items);
    cursor = batch.cursor;
    if (!cursor || batch.items.some((r) => typeof r.created_at === 'number' && r.created_at < stopBefore)) break;
  }
  deps.logger.info('connection sync finished', {
    linkedin_account_id: account.id,
    campaign_id: payload.campaignId ?? null,
    reason: payload.reason,
    pages,
    pending_invitations: pending.providerIds.length,
    awaiting: stats.awaiting,
    matched: result.matched,
    already_connected: result.alreadyConnected,
    scanned: result.scanned,
  });
  return result;
}

/**
 * How old a relation may be before the rest cannot matter. No invitation resolved since we sent
 * it: the first page is enough (it still catches leads connected outside a campaign). A resolved
 * invitation without a send time: no bound but the page limit.
 */
function readRelationsUntil(stats: AwaitingAcceptanceStats, marginMs: number): number {
  if (stats.undatedResolvedInvites > 0) return Number.NEGATIVE_INFINITY;
  if (stats.oldestResolvedInviteAt) return stats.oldestResolvedInviteAt.getTime() - marginMs;
  return Number.POSITIVE_INFINITY;
}

/** Who Unipile still lists as invited and not yet answered: those have not accepted. */
async function pendingInvitations(deps: MatcherDeps, account: LinkedinAccount, maxPages: number) {
  const providerIds: string[] = [];
  const publicIdentifiers: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const batch = await fromUnipile(() =>
      deps.unipile.listSentInvitations(account.unipileAccountId, { limit: SENT_INVITATIONS_PAGE, cursor }),
    );
    for (const invitation of batch.items) {
      if (invitation.invited_user_id) providerIds.push(invitation.invited_user_id);
      const slug = normalizePublicIdentifier(invitation.invited_user_public_id);
      if (slug) publicIdentifiers.push(slug);
    }
    cursor = batch.cursor;
    if (!cursor) break;
  }
  return { providerIds, publicIdentifiers };
}

function personOf(relation: UnipileRelation): Person {
  const fromId = parseMemberUrn(relation.member_id);
  return {
    providerId: fromId.providerId ?? parseMemberUrn(relation.member_urn).providerId ?? null,
    memberId: fromId.memberId ?? null,
    publicIdentifier: normalizePublicIdentifier(relation.public_identifier),
    raw: relation,
  };
}

async function matchRelations(run: SyncRun, relations: UnipileRelation[]): Promise<void> {
  const people = relations.map(personOf);
  const found = await findScopedLeadsByIds(run.deps.db, run.scope, {
    providerIds: people.flatMap((p) => (p.providerId ? [p.providerId] : [])),
    memberIds: people.flatMap((p) => (p.memberId ? [p.memberId] : [])),
    publicIdentifiers: people.flatMap((p) => (p.publicIdentifier ? [p.publicIdentifier] : [])),
  });
  for (const person of people) {
    const hit = pick(found, person, '') ?? (await lookUpAndPick(run, person));
    if (!hit) {
      if (run.result.unmatchedSample.length < UNMATCHED_SAMPLE_SIZE) {
        run.result.unmatchedSample.push({ memberId: person.raw.member_id, publicIdentifier: person.publicIdentifier });
      }
      continue;
    }
    for (const lead of hit.leads) await settle(run, lead, person, hit.matchKey);
  }
}

/** The leads a person is, by provider id, then member id, then public identifier. */
function pick(candidates: Lead[], person: Person, keyPrefix: string): { leads: Lead[]; matchKey: string } | null {
  const tries: Array<[string, (lead: Lead) => boolean]> = [
    ['provider_id', (lead) => person.providerId !== null && lead.providerId === person.providerId],
    ['member_id', (lead) => person.memberId !== null && lead.memberId === person.memberId],
    ['public_identifier', (lead) => person.publicIdentifier !== null && lead.publicIdentifier === person.publicIdentifier],
  ];
  for (const [key, matches] of tries) {
    const leads = candidates.filter(matches);
    if (leads.length > 0) return { leads, matchKey: `${keyPrefix}${key}` };
  }
  return null;
}

/**
 * A relation without a public identifier cannot be tied to a lead imported by slug: ask Unipile who
 * the member is, within a small budget (each lookup is a profile view).
 */
async function lookUpAndPick(run: SyncRun, person: Person): Promise<{ leads: Lead[]; matchKey: string } | null> {
  if (person.publicIdentifier || run.lookupsLeft <= 0) return null;
  run.lookupsLeft -= 1;
  const profile = await lookupProfile(run, person.raw.member_id);
  if (!profile) return null;
  person.providerId ??= profile.provider_id;
  person.memberId ??= parseMemberUrn(profile.member_urn).memberId ?? null;
  person.publicIdentifier = normalizePublicIdentifier(profile.public_identifier);
  const found = await findScopedLeadsByIds(run.deps.db, run.scope, {
    providerIds: [profile.provider_id],
    memberIds: person.memberId ? [person.memberId] : [],
    publicIdentifiers: person.publicIdentifier ? [person.publicIdentifier] : [],
  });
  return pick(found, person, 'profile_lookup.');
}

async function lookupProfile(run: SyncRun, identifier: string) {
  try {
    return await run.deps.unipile.getProfile(run.account.unipileAccountId, identifier);
  } catch (err) {
    // Unknown to LinkedIn is an answer (no match); anything else fails the job like other calls.
    if (err instanceof UnipileError && (err.status === 404 || err.status === 422)) return null;
    throw asJobError(err);
  }
}

async function settle(run: SyncRun, lead: Lead, person: Person, matchKey: string): Promise<void> {
  // The same person may be a lead in several of the account's campaigns, and found twice.
  if (run.handled.has(lead.id)) return;
  run.handled.add(lead.id);
  if (!canMarkConnected(lead.status)) {
    if (isPastAcceptance(lead.status)) run.result.alreadyConnected += 1;
    return;
  }
  const ids = { providerId: person.providerId, publicIdentifier: person.publicIdentifier };
  // markConnected re-reads the lead under lock: a webhook that connected it meanwhile wins, once.
  if (await markConnected(run.deps.db, run.account, lead.id, ids, 'relations_sync', matchKey, run.deps.queues.notifications))
    run.result.matched += 1;
  else run.result.alreadyConnected += 1;
}

/** A 4xx from Unipile (disconnected account, unknown id) will not change on retry: fail the job at once. */
function asJobError(err: unknown): unknown {
  if (err instanceof UnipileError && !err.isRetryable)
    return new UnrecoverableError(`Unipile answered ${err.status} (${err.code}): ${err.message}`);
  return err;
}

async function fromUnipile<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw asJobError(err);
  }
}
