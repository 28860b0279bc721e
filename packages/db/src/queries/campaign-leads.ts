import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { leads } from '../schema';

type LeadStatus = (typeof leads.$inferSelect)['status'];

/**
 * Locks a campaign's leads in `statuses`, in id order, for the rest of the transaction. Every
 * writer that takes several lead locks takes them in id order (the reply path's
 * `lockLeadAndPerson` too), so a bulk update waits on a busy lead instead of deadlocking with it;
 * senders hold one lead at a time. `NO KEY UPDATE`, like the sender's lock: rows referencing a
 * lead (events, messages) need not wait.
 */
export async function lockCampaignLeads(tx: DbOrTx, campaignId: string, statuses: readonly LeadStatus[]): Promise<void> {
  if (statuses.length === 0) return;
  await tx.execute(sql`
    select id from leads
     where campaign_id = ${campaignId}::uuid and status in (${sql.join(
       statuses.map((s) => sql`${s}::lead_status`),
       sql`, `,
     )})
     order by id
       for no key update`);
}

/**
 * Makes a campaign's leads in `statuses` that have no time due at `at` (start, resume); leads that
 * already have a time keep it. Locks them in id order first (see `lockCampaignLeads`).
 */
export async function scheduleCampaignLeads(tx: DbOrTx, campaignId: string, statuses: readonly LeadStatus[], at: Date): Promise<void> {
  await lockCampaignLeads(tx, campaignId, statuses);
  await tx
    .update(leads)
    .set({ nextActionAt: at, updatedAt: at })
    .where(and(eq(leads.campaignId, campaignId), inArray(leads.status, [...statuses]), isNull(leads.nextActionAt)));
}

/** Takes a campaign's leads in `statuses` out of the due scan (pause, stop), locked in id order first. */
export async function unscheduleCampaignLeads(tx: DbOrTx, campaignId: string, statuses: readonly LeadStatus[], at: Date): Promise<void> {
  await lockCampaignLeads(tx, campaignId, statuses);
  await tx
    .update(leads)
    .set({ nextActionAt: null, updatedAt: at })
    .where(and(eq(leads.campaignId, campaignId), inArray(leads.status, [...statuses])));
}
