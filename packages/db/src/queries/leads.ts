import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import type { LeadPatch } from './lead-transitions';
import { oncePerDb } from './prepared';
import { campaigns, leads } from '../schema';

export type Lead = typeof leads.$inferSelect;
export type LeadWithAccount = Lead & { campaignAccountId: string };

/** The identifiers a lead can be found by, in the order reply matching tries them. */
export type LeadKey = 'provider_id' | 'member_id' | 'public_identifier' | 'conversation_id';

const column = {
  provider_id: leads.providerId,
  member_id: leads.memberId,
  public_identifier: leads.publicIdentifier,
  conversation_id: leads.conversationId,
} as const;

/** Which of several leads of one person a message most likely answers. */
export interface LeadPreference {
  linkedinAccountId: string;
  conversationId?: string | null;
}

/**
 * Leads of one client whose `key` is one of `values`, the likeliest addressee first: the lead whose
 * conversation this is, then leads of campaigns run by the receiving account, then the furthest
 * along the sequence, then the most recently contacted. Always scoped by client: a person matched
 * in one tenant is never a lead of another.
 */
export async function findClientLeadsBy(
  db: Db,
  clientId: string,
  key: LeadKey,
  values: string[],
  prefer: LeadPreference,
): Promise<LeadWithAccount[]> {
  const wanted = [...new Set(values.filter((v) => v.length > 0))];
  if (wanted.length === 0) return [];
  const rows = await preparedClientLeadsBy[key](db).execute({
    clientId,
    values: wanted,
    conversationId: prefer.conversationId ?? null,
    accountId: prefer.linkedinAccountId,
  });
  return rows.map((r) => ({ ...r.lead, campaignAccountId: r.campaignAccountId }));
}

// Reply matching runs this for every inbound message: one prepared query per key column.
const clientLeadsBy = (key: LeadKey) =>
  oncePerDb((db) =>
    db
      .select({ lead: leads, campaignAccountId: campaigns.linkedinAccountId })
      .from(leads)
      .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
      .where(and(eq(leads.clientId, sql.placeholder('clientId')), sql`${column[key]} = any(${sql.placeholder('values')}::text[])`))
      .orderBy(
        sql`(${leads.conversationId} is not distinct from ${sql.placeholder('conversationId')}::text) desc`,
        sql`(${campaigns.linkedinAccountId} = ${sql.placeholder('accountId')}::uuid) desc`,
        sql`array_position(array['messaged','connected','invite_sent','pending_invite']::lead_status[], ${leads.status}) asc nulls last`,
        sql`${leads.lastStepSentAt} desc nulls last`,
        desc(leads.updatedAt),
      )
      .limit(50)
      .prepare(`client_leads_by_${key}`),
  );
const preparedClientLeadsBy = {
  provider_id: clientLeadsBy('provider_id'),
  member_id: clientLeadsBy('member_id'),
  public_identifier: clientLeadsBy('public_identifier'),
  conversation_id: clientLeadsBy('conversation_id'),
};

/** Leads of campaigns run by one account whose key matches: acceptance concerns that account only. */
export async function findAccountLeadsBy(db: DbOrTx, linkedinAccountId: string, key: LeadKey, values: string[]): Promise<Lead[]> {
  const wanted = [...new Set(values.filter((v) => v.length > 0))];
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ lead: leads })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .where(and(eq(campaigns.linkedinAccountId, linkedinAccountId), inArray(column[key], wanted)))
    .orderBy(desc(leads.updatedAt))
    .limit(50);
  return rows.map((r) => r.lead);
}

/** Locks a lead for the rest of the transaction: the sender's claim takes the same lock. */
export async function lockLead(tx: DbOrTx, leadId: string): Promise<Lead | undefined> {
  const [row] = await tx.select().from(leads).where(eq(leads.id, leadId)).for('update');
  return row;
}

/** The person's identifiers, for finding every lead of the same person in a client. */
export interface PersonIds {
  providerId?: string | null;
  memberId?: string | null;
  publicIdentifier?: string | null;
}

/**
 * Locks a lead together with every other lead of the same person in its client, in one statement
 * and in id order (so two replies touching overlapping leads never deadlock). The sender takes
 * the same row lock before a send. Returns the lead first, then the others.
 */
export async function lockLeadAndPerson(
  tx: DbOrTx,
  clientId: string,
  leadId: string,
  person: PersonIds,
): Promise<{ lead: Lead | undefined; others: Lead[] }> {
  const matches: SQL[] = [eq(leads.id, leadId)];
  if (person.providerId) matches.push(eq(leads.providerId, person.providerId));
  if (person.memberId) matches.push(eq(leads.memberId, person.memberId));
  if (person.publicIdentifier) matches.push(eq(leads.publicIdentifier, person.publicIdentifier));
  const rows = await tx
    .select()
    .from(leads)
    .where(and(eq(leads.clientId, clientId), or(...matches)))
    .orderBy(leads.id)
    .for('update');
  return { lead: rows.find((r) => r.id === leadId), others: rows.filter((r) => r.id !== leadId) };
}

/**
 * Drops from a backfill the identifiers another lead of the same campaign already holds: the
 * campaign's unique indexes would refuse them (one person imported twice, once by ACoA URL and
 * once by vanity slug), and a refused update would fail the whole delivery again and again.
 */
export async function withoutTakenIdentifiers(tx: DbOrTx, lead: Lead, patch: Partial<Lead>): Promise<Partial<Lead>> {
  const checks: Array<[keyof Lead, SQL]> = [];
  if (patch.providerId) checks.push(['providerId', eq(leads.providerId, patch.providerId)]);
  if (patch.publicIdentifier) checks.push(['publicIdentifier', eq(leads.publicIdentifier, patch.publicIdentifier)]);
  const result = { ...patch };
  for (const [field, condition] of checks) {
    const [taken] = await tx
      .select({ id: leads.id })
      .from(leads)
      .where(and(eq(leads.campaignId, lead.campaignId), condition))
      .limit(1);
    if (taken && taken.id !== lead.id) delete result[field];
  }
  return result;
}

/** Fills identifiers a lead was missing; never overwrites one it already has. */
export function backfillIdentifiers(lead: Lead, ids: PersonIds & { conversationId?: string | null }): Partial<Lead> {
  const patch: Partial<Lead> = {};
  if (!lead.providerId && ids.providerId) patch.providerId = ids.providerId;
  if (!lead.memberId && ids.memberId) patch.memberId = ids.memberId;
  if (!lead.publicIdentifier && ids.publicIdentifier) patch.publicIdentifier = ids.publicIdentifier;
  if (!lead.conversationId && ids.conversationId) patch.conversationId = ids.conversationId;
  return patch;
}

/** Writes a lead's other columns; its status changes only through `transitionLead` (the lifecycle). */
export async function updateLead(tx: DbOrTx, leadId: string, patch: LeadPatch): Promise<void> {
  await tx
    .update(leads)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(leads.id, leadId));
}

/**
 * Records the provider id a profile lookup found for a lead that had none (and its member id when
 * the lead lacks one). Another lead of the campaign already being this person surfaces as
 * Postgres' unique violation.
 */
export async function setLookedUpProviderId(
  db: DbOrTx,
  lead: Pick<Lead, 'id' | 'memberId'>,
  found: { providerId: string; memberId: string | null },
  now: Date,
): Promise<void> {
  await db
    .update(leads)
    .set({ providerId: found.providerId, ...(found.memberId && !lead.memberId ? { memberId: found.memberId } : {}), updatedAt: now })
    .where(and(eq(leads.id, lead.id), isNull(leads.providerId)));
}
