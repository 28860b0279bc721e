import { cancelQueuedActions, insertEvent, leads, type LeadStatus } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { TERMINAL_LEAD_STATUSES } from '@outreach/domain';
import type { AuthContext } from '../../auth/context';
import type { GatewayDeps } from '../../deps';
import { ApiError } from '../../http/errors';
import { findLead, findLeadCampaign } from './store';
import type { LeadRow } from './schemas';

export interface LeadChanges {
  first_name?: string;
  last_name?: string;
  company?: string | null;
  title?: string | null;
  custom_fields?: Record<string, string>;
  status?: 'skipped' | 'pending_invite';
}

const badStatus = (message: string) => new ApiError(400, 'validation_failed', `body.status: ${message}`, [{ location: 'body', path: 'status', message }]);

/**
 * The two status changes an operator may make: opting a lead out (`skipped`, from any status but
 * the terminal ones, whose history must stay as it is) and retrying a lead in `error`. Every
 * other status belongs to the automation and is refused.
 */
function planStatusChange(lead: LeadRow, to: 'skipped' | 'pending_invite', isCampaignActive: boolean): Partial<LeadRow> & { reason: string } {
  if (to === 'skipped') {
    if ((TERMINAL_LEAD_STATUSES as readonly string[]).includes(lead.status)) throw badStatus(`a lead in ${lead.status} is no longer automated and cannot be skipped`);
    return { status: 'skipped', stopReason: 'opted_out', nextActionAt: null, reason: 'opted_out' };
  }
  if (lead.status !== 'error') throw badStatus(`only a lead in error can go back to pending_invite; this one is ${lead.status}`);
  return { status: 'pending_invite', errorCode: null, errorMessage: null, retryCount: 0, stopReason: null, nextActionAt: isCampaignActive ? new Date() : null, reason: 'retry_requested' };
}

const fieldChanges = (body: LeadChanges): Partial<LeadRow> => ({
  ...(body.first_name !== undefined ? { firstName: body.first_name } : {}),
  ...(body.last_name !== undefined ? { lastName: body.last_name } : {}),
  ...(body.company !== undefined ? { company: body.company } : {}),
  ...(body.title !== undefined ? { title: body.title } : {}),
  ...(body.custom_fields !== undefined ? { customFields: body.custom_fields } : {}),
});

/**
 * Changes a lead under its row lock (the sender claims a step under the same lock, so a send and
 * an opt-out never interleave). A status change writes one `lead_status_changed` event; an opt-out
 * also cancels sends queued for the lead and drops their jobs.
 */
export async function updateLeadFromApi(deps: GatewayDeps, auth: AuthContext, id: string, body: LeadChanges): Promise<LeadRow> {
  const { lead, cancelledJobIds } = await deps.db.transaction(async (tx) => {
    const current = await findLead(tx, auth, id, { lock: true });
    const campaign = await findLeadCampaign(tx, current);
    const statusChange = body.status !== undefined && body.status !== current.status ? planStatusChange(current, body.status, campaign?.status === 'active') : null;
    const { reason, ...statusPatch } = statusChange ?? { reason: null };
    const [updated] = await tx
      .update(leads)
      .set({ ...fieldChanges(body), ...statusPatch, updatedAt: new Date() })
      .where(eq(leads.id, current.id))
      .returning();
    if (!statusChange) return { lead: updated ?? current, cancelledJobIds: [] };
    await insertEvent(tx, {
      clientId: current.clientId,
      campaignId: current.campaignId,
      leadId: current.id,
      linkedinAccountId: campaign?.accountId ?? null,
      type: 'lead_status_changed',
      occurredAt: new Date(),
      meta: { from: current.status, to: statusChange.status as LeadStatus, reason, method: 'api', user_id: auth.userId },
    });
    const jobIds = statusChange.status === 'skipped' ? await cancelQueuedActions(tx, [current.id], 'opted_out') : [];
    return { lead: updated ?? current, cancelledJobIds: jobIds };
  });
  await dropJobs(deps, cancelledJobIds);
  return lead;
}

/** Removes queued send jobs; a job that cannot be removed is harmless (the sender re-reads the lead). */
export async function dropJobs(deps: GatewayDeps, jobIds: string[]): Promise<void> {
  await Promise.all(
    [...new Set(jobIds)].map((jobId) =>
      deps.queues.outboundActions.remove(jobId).catch((err: Error) => deps.logger.warn('could not remove a queued send', { job_id: jobId, err })),
    ),
  );
}
