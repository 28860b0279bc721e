import { ACTIVE_LEAD_STATUSES } from '@outreach/domain';
import { LEAD_STATUSES, leads, sequenceSteps, type Db, type LeadStatus } from '@outreach/db';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';

const NEXT_ACTIONS_SHOWN = 20;
// Statuses the sequencer still acts on (the same set as the leads_due_idx partial index).
const ACTIONABLE: LeadStatus[] = [...ACTIVE_LEAD_STATUSES];

/** A campaign the caller may see (its tenant check is done): its id and its client's. */
export interface ScopedCampaign {
  id: string;
  clientId: string;
}

/** How many leads of the campaign are in each status (every status present, 0 when none). */
export async function countLeadsByStatus(db: Db, campaign: ScopedCampaign): Promise<Record<LeadStatus, number>> {
  const rows = await db
    .select({ status: leads.status, n: sql<number>`count(*)::int` })
    .from(leads)
    .where(and(eq(leads.clientId, campaign.clientId), eq(leads.campaignId, campaign.id)))
    .groupBy(leads.status);
  const counts = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** The campaign's next scheduled actions, soonest first (at most twenty). */
export async function listNextActions(db: Db, campaign: ScopedCampaign) {
  const rows = await db
    .select({ leadId: leads.id, step: leads.currentStep, action: sequenceSteps.action, at: leads.nextActionAt })
    .from(leads)
    .leftJoin(sequenceSteps, and(eq(sequenceSteps.campaignId, leads.campaignId), eq(sequenceSteps.position, leads.currentStep)))
    .where(
      and(
        eq(leads.clientId, campaign.clientId),
        eq(leads.campaignId, campaign.id),
        inArray(leads.status, ACTIONABLE),
        isNotNull(leads.nextActionAt),
      ),
    )
    .orderBy(asc(leads.nextActionAt), asc(leads.id))
    .limit(NEXT_ACTIONS_SHOWN);
  return rows.map((r) => ({ leadId: r.leadId, step: r.step, action: r.action, at: r.at as Date }));
}
