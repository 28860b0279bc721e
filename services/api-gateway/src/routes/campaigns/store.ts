import { campaigns, leads, linkedinAccounts, sequenceSteps, type CampaignStatus, type DbOrTx } from '@outreach/db';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AuthContext } from '../../auth/context';
import { ApiError, notFound } from '../../http/errors';
import { cursorTimestamp, keyset, type PageQuery, type RowPage } from '../../http/pagination';
import { tenantWhere } from '../../http/tenancy';
import { stepValues, type CampaignRow, type StepRow } from './present';
import type { StepInput } from './schemas';

/** Campaigns the caller may see, newest first, filtered as asked. */
export async function listCampaigns(
  db: DbOrTx,
  auth: AuthContext,
  query: PageQuery & { client_id?: string; status?: CampaignStatus },
): Promise<RowPage<CampaignRow>> {
  const page = keyset({ createdAt: campaigns.createdAt, id: campaigns.id }, query);
  const rows = await db
    .select({ row: campaigns, cursorAt: cursorTimestamp(campaigns.createdAt) })
    .from(campaigns)
    .where(
      and(
        tenantWhere(auth, campaigns.clientId),
        query.client_id ? eq(campaigns.clientId, query.client_id) : undefined,
        query.status ? eq(campaigns.status, query.status) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
  return page.page(rows, (r) => r);
}

type CampaignInsert = typeof campaigns.$inferInsert;

export async function insertCampaign(tx: DbOrTx, values: CampaignInsert): Promise<CampaignRow> {
  const [row] = await tx.insert(campaigns).values(values).returning();
  if (!row) throw new Error('campaign insert returned nothing');
  return row;
}

/** Writes the changed fields of a campaign the caller has found (and locked). */
export async function updateCampaign(
  tx: DbOrTx,
  current: Pick<CampaignRow, 'id' | 'clientId'>,
  changes: Partial<CampaignInsert>,
): Promise<CampaignRow> {
  const [row] = await tx
    .update(campaigns)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(campaigns.id, current.id), eq(campaigns.clientId, current.clientId)))
    .returning();
  if (!row) throw new Error('campaign update returned nothing');
  return row;
}

/** Deletes a campaign the caller has found (and locked), with its steps, leads and events. */
export async function deleteCampaign(tx: DbOrTx, current: Pick<CampaignRow, 'id' | 'clientId'>): Promise<void> {
  await tx.delete(campaigns).where(and(eq(campaigns.id, current.id), eq(campaigns.clientId, current.clientId)));
}

/**
 * A campaign the caller may see, or 404: another client's campaign is indistinguishable from none.
 * `lock` takes the row lock (inside a transaction) so writers of the same campaign queue up. It is
 * `FOR NO KEY UPDATE`, not `FOR UPDATE`: senders and replies insert events and actions that
 * reference the campaign (a key-share lock) while holding a lead the writer may wait for, and a
 * `FOR UPDATE` here deadlocked a pause with them. Only deleting takes `'delete'` (`FOR UPDATE`).
 */
export async function findCampaign(
  db: DbOrTx,
  auth: AuthContext,
  id: string,
  options: { lock?: boolean | 'delete' } = {},
): Promise<CampaignRow> {
  const query = db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), tenantWhere(auth, campaigns.clientId)))
    .limit(1);
  const [row] = options.lock ? await query.for(options.lock === 'delete' ? 'update' : 'no key update') : await query;
  if (!row) throw notFound('campaign');
  return row;
}

/** The steps of several campaigns at once (one query for a whole page), keyed by campaign. */
export async function loadSteps(db: DbOrTx, campaignIds: string[]): Promise<Map<string, StepRow[]>> {
  const byCampaign = new Map<string, StepRow[]>(campaignIds.map((id) => [id, []]));
  if (campaignIds.length === 0) return byCampaign;
  const rows = await db
    .select()
    .from(sequenceSteps)
    .where(inArray(sequenceSteps.campaignId, campaignIds))
    .orderBy(asc(sequenceSteps.position));
  for (const row of rows) byCampaign.get(row.campaignId)?.push(row);
  return byCampaign;
}

/**
 * The LinkedIn account a campaign of `clientId` may run on. An account of another client answers
 * 404 naming the field, exactly as if it did not exist, so its existence is not confirmed.
 */
export async function findClientAccount(db: DbOrTx, clientId: string, accountId: string) {
  const [row] = await db
    .select()
    .from(linkedinAccounts)
    .where(and(eq(linkedinAccounts.id, accountId), eq(linkedinAccounts.clientId, clientId)))
    .limit(1);
  if (!row) {
    throw new ApiError(404, 'not_found', 'body.linkedin_account_id: no such LinkedIn account in this client', [
      { location: 'body', path: 'linkedin_account_id', message: 'no such LinkedIn account in this client' },
    ]);
  }
  return row;
}

/** Replaces a campaign's whole sequence; call inside the transaction that writes the campaign row. */
export async function replaceSteps(tx: DbOrTx, campaignId: string, steps: StepInput[]): Promise<StepRow[]> {
  await tx.delete(sequenceSteps).where(eq(sequenceSteps.campaignId, campaignId));
  if (steps.length === 0) return [];
  return tx
    .insert(sequenceSteps)
    .values(stepValues(steps).map((v) => ({ ...v, campaignId })))
    .returning();
}

/** True when the account exists in the campaign's client (a campaign may only start on one). */
export async function hasClientAccount(db: DbOrTx, clientId: string, accountId: string): Promise<boolean> {
  const [account] = await db
    .select({ id: linkedinAccounts.id })
    .from(linkedinAccounts)
    .where(and(eq(linkedinAccounts.id, accountId), eq(linkedinAccounts.clientId, clientId)));
  return account !== undefined;
}

/**
 * One lead of the campaign and the name of the account that sends for it, for a template preview.
 * A lead of another campaign (or another client) is 404, as if it did not exist.
 */
export async function findPreviewLead(db: DbOrTx, campaign: Pick<CampaignRow, 'id' | 'clientId' | 'linkedinAccountId'>, leadId: string) {
  const [row] = await db
    .select({
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      title: leads.title,
      customFields: leads.customFields,
    })
    .from(leads)
    .where(and(eq(leads.id, leadId), eq(leads.campaignId, campaign.id), eq(leads.clientId, campaign.clientId)))
    .limit(1);
  if (!row) {
    throw new ApiError(404, 'not_found', 'body.lead_id: no such lead in this campaign', [
      { location: 'body', path: 'lead_id', message: 'no such lead in this campaign' },
    ]);
  }
  const [account] = await db
    .select({ name: linkedinAccounts.name })
    .from(linkedinAccounts)
    .where(and(eq(linkedinAccounts.id, campaign.linkedinAccountId), eq(linkedinAccounts.clientId, campaign.clientId)))
    .limit(1);
  return { lead: row, accountName: account?.name ?? '' };
}
