import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rows } from '../rows';
import { campaigns, leads, type LeadStatus } from '../schema';
import type { Lead } from './leads';

/** Which leads a connection sync looks at: those of one account's campaigns, or of one of them. */
export interface AccountLeadScope {
  linkedinAccountId: string;
  campaignId?: string;
}

const inScope = (scope: AccountLeadScope): SQL | undefined =>
  and(eq(campaigns.linkedinAccountId, scope.linkedinAccountId), scope.campaignId ? eq(leads.campaignId, scope.campaignId) : undefined);

/** The identifiers one page of relations (or one profile lookup) can be matched by. */
export interface PersonIdLists {
  providerIds?: string[];
  publicIdentifiers?: string[];
  memberIds?: string[];
}

/**
 * Every lead in the scope whose provider id, public identifier or member id is one of those given,
 * whatever its status (the caller decides what to do with each). One query per page of relations
 * instead of one per relation.
 */
export async function findScopedLeadsByIds(db: DbOrTx, scope: AccountLeadScope, ids: PersonIdLists): Promise<Lead[]> {
  const unique = (values: string[] | undefined) => [...new Set((values ?? []).filter((v) => v.length > 0))];
  const conditions: SQL[] = [];
  const providerIds = unique(ids.providerIds);
  const publicIdentifiers = unique(ids.publicIdentifiers);
  const memberIds = unique(ids.memberIds);
  if (providerIds.length > 0) conditions.push(inArray(leads.providerId, providerIds));
  if (publicIdentifiers.length > 0) conditions.push(inArray(leads.publicIdentifier, publicIdentifiers));
  if (memberIds.length > 0) conditions.push(inArray(leads.memberId, memberIds));
  if (conditions.length === 0) return [];
  const rows = await db
    .select({ lead: leads })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .where(and(inScope(scope), or(...conditions)));
  return rows.map((r) => r.lead);
}

export interface AwaitingAcceptanceStats {
  /** Leads in the scope that an acceptance would move to `connected`. */
  awaiting: number;
  /** Of those, how many lack a provider id (only a profile lookup can tie a bare relation to them). */
  awaitingWithoutProviderId: number;
  /** `invite_sent` leads whose invitation Unipile no longer lists as pending: accepted or withdrawn. */
  resolvedInvites: number;
  /** When the oldest of those invitations was sent; acceptances cannot be older. */
  oldestResolvedInviteAt: Date | null;
  /** Resolved invitations without a send time: no lower bound for the relations to read. */
  undatedResolvedInvites: number;
}

/**
 * What a connection sync is looking for in the scope. `stillPending` are the people Unipile still
 * lists among the sent invitations: they have not accepted, so they set no bound on how far back
 * the relations must be read. Leads with no identifier to compare count as resolved (unknown).
 */
export async function awaitingAcceptanceStats(
  db: DbOrTx,
  scope: AccountLeadScope,
  awaitingStatuses: readonly LeadStatus[],
  stillPending: { providerIds: string[]; publicIdentifiers: string[] },
): Promise<AwaitingAcceptanceStats> {
  // `x in (…)` is null for a null x: coalesce so that a lead lacking that identifier is not pending by it.
  const pendingByProvider =
    stillPending.providerIds.length > 0 ? sql`coalesce(${inArray(leads.providerId, stillPending.providerIds)}, false)` : sql`false`;
  const pendingByPublic =
    stillPending.publicIdentifiers.length > 0
      ? sql`coalesce(${inArray(leads.publicIdentifier, stillPending.publicIdentifiers)}, false)`
      : sql`false`;
  const resolved = sql`${leads.status} = 'invite_sent' and not (${pendingByProvider} or ${pendingByPublic})`;
  const [row] = await db
    .select({
      awaiting: sql<number>`count(*)::int`,
      awaitingWithoutProviderId: sql<number>`count(*) filter (where ${leads.providerId} is null)::int`,
      resolvedInvites: sql<number>`count(*) filter (where ${resolved})::int`,
      oldestResolvedInviteAt: sql<string | Date | null>`min(${leads.inviteSentAt}) filter (where ${resolved})`,
      undatedResolvedInvites: sql<number>`count(*) filter (where ${resolved} and ${leads.inviteSentAt} is null)::int`,
    })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .where(and(inScope(scope), inArray(leads.status, [...awaitingStatuses])));
  return {
    awaiting: row?.awaiting ?? 0,
    awaitingWithoutProviderId: row?.awaitingWithoutProviderId ?? 0,
    resolvedInvites: row?.resolvedInvites ?? 0,
    oldestResolvedInviteAt: row?.oldestResolvedInviteAt ? new Date(row.oldestResolvedInviteAt) : null,
    undatedResolvedInvites: row?.undatedResolvedInvites ?? 0,
  };
}

/**
 * Accounts a connection sync is worth planning for: OK, not paused, with at least one lead whose
 * invite is waiting (`invite_sent`). Platform-wide on purpose: the sequencer plans for every client.
 */
export async function listAccountsAwaitingAcceptance(db: DbOrTx): Promise<Array<{ id: string }>> {
  return rows<{ id: string }>(
    db,
    sql`
    select a.id from linkedin_accounts a
     where a.status = 'OK' and a.paused_reason is null
       and exists (select 1 from campaigns c join leads l on l.campaign_id = c.id
                    where c.linkedin_account_id = a.id and l.status = 'invite_sent')
  `,
  );
}
