import { and, campaigns, eq, leads, type Db, type DbOrTx } from '@outreach/db';
import type { AuthContext } from '../../auth/context';
import { notFound } from '../../http/errors';
import { tenantWhere } from '../../http/tenancy';
import type { LeadRow } from './schemas';

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
