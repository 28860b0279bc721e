import { cancelQueuedActions, transitionLead, updateLead, type LeadPatch } from '@outreach/db';
import { canTransitionLead, type LeadTransitionReason } from '@outreach/domain';
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

const badStatus = (message: string) =>
  new ApiError(400, 'validation_failed', `body.status: ${message}`, [{ location: 'body', path: 'status', message }]);

type StatusChange = { to: 'skipped' | 'pending_invite'; reason: LeadTransitionReason; set: LeadPatch };

/**
 * The two status changes an operator may make, as the lifecycle table allows them: opting a lead
 * out (`skipped`, from any status but the terminal ones, whose history must stay as it is) and
 * retrying a lead in `error`. Every other status belongs to the automation and is refused.
 */
function planStatusChange(lead: LeadRow, to: 'skipped' | 'pending_invite', isCampaignActive: boolean): StatusChange {
  if (to === 'skipped') {
    if (!canTransitionLead(lead.status, 'skipped', 'opted_out'))
      throw badStatus(`a lead in ${lead.status} is no longer automated and cannot be skipped`);
    return { to, reason: 'opted_out', set: { stopReason: 'opted_out', nextActionAt: null } };
  }
  if (!canTransitionLead(lead.status, 'pending_invite', 'retry_requested'))
    throw badStatus(`only a lead in error can go back to pending_invite; this one is ${lead.status}`);
  return {
    to,
    reason: 'retry_requested',
    set: { errorCode: null, errorMessage: null, retryCount: 0, stopReason: null, nextActionAt: isCampaignActive ? new Date() : null },
  };
}

const fieldChanges = (body: LeadChanges): LeadPatch => ({
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
    const statusChange =
      body.status !== undefined && body.status !== current.status
        ? planStatusChange(current, body.status, campaign?.status === 'active')
        : null;
    if (!statusChange) {
      await updateLead(tx, current.id, fieldChanges(body));
      return { lead: await findLead(tx, auth, current.id), cancelledJobIds: [] };
    }
    const moved = await transitionLead(tx, current, statusChange.to, statusChange.reason, {
      accountId: campaign?.accountId ?? null,
      set: { ...fieldChanges(body), ...statusChange.set },
      meta: { method: 'api', user_id: auth.userId },
    });
    const jobIds = moved.changed && statusChange.to === 'skipped' ? await cancelQueuedActions(tx, [current.id], 'opted_out') : [];
    return { lead: moved.lead ?? current, cancelledJobIds: jobIds };
  });
  await dropJobs(deps, cancelledJobIds);
  return lead;
}

/** Removes queued send jobs; a job that cannot be removed is harmless (the sender re-reads the lead). */
export async function dropJobs(deps: GatewayDeps, jobIds: string[]): Promise<void> {
  await Promise.all(
    [...new Set(jobIds)].map((jobId) =>
      deps.queues.outboundActions
        .remove(jobId)
        .catch((err: Error) => deps.logger.warn('could not remove a queued send', { job_id: jobId, err })),
    ),
  );
}
