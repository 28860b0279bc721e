import { campaigns, events, leads, outboundActions, webhookDeliveries, type Db, type DbOrTx, type LeadStatus } from '@outreach/db';
import { and, desc, eq, gt, or, sql, type SQL } from 'drizzle-orm';
import type { AuthContext } from '../../auth/context';
import { notFound } from '../../http/errors';
import { cursorTimestamp, keyset, type PageQuery, type RowPage } from '../../http/pagination';
import { tenantWhere } from '../../http/tenancy';
import type { EventRow, LeadRow } from './schemas';

export interface CampaignRef {
  id: string;
  clientId: string;
  status: (typeof campaigns.$inferSelect)['status'];
  linkedinAccountId: string;
}

/** The caller's campaign, or 404: another client's campaign is indistinguishable from none. */
export async function findCampaign(db: Db, auth: AuthContext, id: string): Promise<CampaignRef> {
  const [row] = await db
    .select({ id: campaigns.id, clientId: campaigns.clientId, status: campaigns.status, linkedinAccountId: campaigns.linkedinAccountId })
    .from(campaigns)
    .where(and(eq(campaigns.id, id), tenantWhere(auth, campaigns.clientId)));
  if (!row) throw notFound('campaign');
  return row;
}

/** The caller's lead, or 404; `lock` takes a row lock for the rest of the transaction. */
export async function findLead(db: DbOrTx, auth: AuthContext, id: string, options: { lock?: boolean } = {}): Promise<LeadRow> {
  const query = db
    .select()
    .from(leads)
    .where(and(eq(leads.id, id), tenantWhere(auth, leads.clientId)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw notFound('lead');
  return row;
}

/** A campaign's leads the caller may see, newest first, optionally in one status. */
/** Matches the text anywhere in the fields an operator knows a lead by; LIKE wildcards in it are literal. */
function searchWhere(text: string | undefined): SQL | undefined {
  if (!text) return undefined;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    sql`(coalesce(${leads.firstName}, '') || ' ' || coalesce(${leads.lastName}, '')) ilike ${pattern}`,
    sql`${leads.company} ilike ${pattern}`,
    sql`${leads.title} ilike ${pattern}`,
    sql`${leads.publicIdentifier} ilike ${pattern}`,
  );
}

export async function listCampaignLeads(
  db: Db,
  auth: AuthContext,
  campaign: CampaignRef,
  query: PageQuery & { status?: LeadStatus; search?: string },
): Promise<RowPage<LeadRow>> {
  const page = keyset({ createdAt: leads.createdAt, id: leads.id }, query);
  const rows = await db
    .select({ row: leads, cursorAt: cursorTimestamp(leads.createdAt) })
    .from(leads)
    .where(
      and(
        eq(leads.campaignId, campaign.id),
        tenantWhere(auth, leads.clientId),
        query.status ? eq(leads.status, query.status) : undefined,
        searchWhere(query.search),
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return page.page(rows, (r) => r);
}

/** A lead's latest events, newest first. */
export async function listLeadEvents(db: Db, lead: Pick<LeadRow, 'id' | 'clientId'>, limit: number): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.clientId, lead.clientId), eq(events.leadId, lead.id)))
    .orderBy(desc(events.occurredAt), desc(events.id))
    .limit(limit);
}

/** The status and account of the campaign a lead (already found for the caller) belongs to. */
export async function findLeadCampaign(
  tx: DbOrTx,
  lead: Pick<LeadRow, 'campaignId' | 'clientId'>,
): Promise<{ status: CampaignRef['status']; accountId: string } | undefined> {
  const [campaign] = await tx
    .select({ status: campaigns.status, accountId: campaigns.linkedinAccountId })
    .from(campaigns)
    .where(and(eq(campaigns.id, lead.campaignId), eq(campaigns.clientId, lead.clientId)));
  return campaign;
}

/**
 * Deletes a lead the caller may see with its history; null when there is none, else the job ids
 * of its queued sends (read before the delete, which cascades to their rows) for the caller to drop.
 */
export async function deleteScopedLead(db: Db, auth: AuthContext, id: string): Promise<string[] | null> {
  const queued = await db
    .select({ jobId: outboundActions.jobId })
    .from(outboundActions)
    .where(and(eq(outboundActions.leadId, id), tenantWhere(auth, outboundActions.clientId), eq(outboundActions.status, 'queued')));
  const deleted = await db
    .delete(leads)
    .where(and(eq(leads.id, id), tenantWhere(auth, leads.clientId)))
    .returning({ id: leads.id });
  if (deleted.length === 0) return null;
  return queued.flatMap((q) => (q.jobId ? [q.jobId] : []));
}

const deliveryColumns = {
  id: webhookDeliveries.id,
  received_at: webhookDeliveries.receivedAt,
  kind: webhookDeliveries.kind,
  event: webhookDeliveries.event,
  outcome: webhookDeliveries.outcome,
  match_key: webhookDeliveries.matchKey,
  tried_keys: webhookDeliveries.triedKeys,
  route: webhookDeliveries.route,
};

/** A webhook delivery as the diagnostics show it. */
export interface LeadDeliveryRow {
  id: string;
  received_at: Date;
  kind: string;
  event: string | null;
  outcome: string;
  match_key: string | null;
  tried_keys: Array<{ key: string; value: string }>;
  route: string;
}

/** Webhook deliveries matched to the lead, newest first. */
export async function listLeadDeliveries(db: Db, lead: Pick<LeadRow, 'id' | 'clientId'>, limit: number): Promise<LeadDeliveryRow[]> {
  return db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.clientId, lead.clientId), eq(webhookDeliveries.leadId, lead.id)))
    .orderBy(desc(webhookDeliveries.receivedAt))
    .limit(limit);
}

/**
 * "Why was this reply not detected?": unmatched deliveries of the lead's client since `since` whose
 * tried keys hold one of its identifiers. Containment (`@>`) on `tried_keys` is answered by the
 * outcome and time indexes narrowing the rows first.
 */
export async function listUnmatchedMentioning(db: Db, lead: LeadRow, since: Date, limit: number): Promise<LeadDeliveryRow[]> {
  const identifiers = [lead.providerId, lead.memberId, lead.publicIdentifier, lead.conversationId].filter((v): v is string => Boolean(v));
  if (identifiers.length === 0) return [];
  const mentions = identifiers.map((value) => sql`${webhookDeliveries.triedKeys} @> ${JSON.stringify([{ value }])}::jsonb`);
  return db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.outcome, 'unmatched'),
        eq(webhookDeliveries.clientId, lead.clientId),
        gt(webhookDeliveries.receivedAt, since),
        or(...mentions),
      ),
    )
    .orderBy(desc(webhookDeliveries.receivedAt))
    .limit(limit);
}
