import { ACTIVE_LEAD_STATUSES } from '@outreach/domain';
import {
  changeCampaignStatus,
  insertEvent,
  scheduleCampaignLeads,
  transactionWithRetry,
  unscheduleCampaignLeads,
  type CampaignStatus,
  type EventType,
  type Tx,
} from '@outreach/db';
import type { AuthContext } from '../../auth/context';
import type { GatewayDeps } from '../../deps';
import { ApiError } from '../../http/errors';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { presentCampaign, type CampaignRow, type StepRow } from './present';
import { campaignSchema } from './schemas';
import { findCampaign, hasClientAccount, loadSteps } from './store';

type Command = 'start' | 'pause' | 'resume' | 'stop';

/** The campaign state machine: `stopped` is terminal; `completed` is reached by the sequencer only. */
const TRANSITIONS: Record<Command, { from: CampaignStatus[]; to: CampaignStatus; event: EventType; summary: string }> = {
  start: { from: ['draft'], to: 'active', event: 'campaign_started', summary: 'Start a draft campaign' },
  pause: { from: ['active'], to: 'paused', event: 'campaign_paused', summary: 'Pause an active campaign' },
  resume: { from: ['paused'], to: 'active', event: 'campaign_resumed', summary: 'Resume a paused campaign' },
  stop: { from: ['active', 'paused'], to: 'stopped', event: 'campaign_stopped', summary: 'Stop a campaign for good' },
};

const conflict = (message: string, status: CampaignStatus) => new ApiError(409, 'conflict', message, { status });

/** Why a draft cannot start yet, or null when it can. */
async function startBlocker(tx: Tx, campaign: CampaignRow, steps: StepRow[]): Promise<string | null> {
  if (steps.length === 0) return 'campaign has no steps: add at least one before starting it';
  return (await hasClientAccount(tx, campaign.clientId, campaign.linkedinAccountId))
    ? null
    : 'campaign has no LinkedIn account of its client: set linkedin_account_id before starting it';
}

/**
 * On start and resume every lead that may still act and has no time becomes due now, so the
 * sequencer recomputes its time from the calendar and its step's delay (a follow-up is not sent
 * early: the plan reschedules it); leads that already have a time keep it.
 * A paused or stopped campaign's leads leave the due index: otherwise every tick would walk their
 * past-due rows before reaching any lead it may act on (bench/sequencer: 20,000 such leads took an
 * idle tick from 4 to 21 ms). Both lock the leads in id order, the order every lead writer shares.
 */
const ACTIVE = ACTIVE_LEAD_STATUSES;

/**
 * One transition under the campaign's row lock, guarded again by a conditional UPDATE on the
 * expected status, so two concurrent calls can never both succeed; the event and the lead
 * scheduling commit with it or not at all. A send holding one of the leads finishes first (the
 * lead locks wait for it); a send arriving later waits for this commit and sees the new status.
 */
async function transition(tx: Tx, auth: AuthContext, id: string, command: Command) {
  const rule = TRANSITIONS[command];
  const current = await findCampaign(tx, auth, id, { lock: true });
  if (!rule.from.includes(current.status)) throw conflict(`cannot ${command} a campaign that is ${current.status}`, current.status);
  const steps = (await loadSteps(tx, [current.id])).get(current.id) ?? [];
  if (command === 'start') {
    const blocker = await startBlocker(tx, current, steps);
    if (blocker) throw conflict(blocker, current.status);
  }
  const now = new Date();
  const row = await changeCampaignStatus(tx, {
    id: current.id,
    clientId: current.clientId,
    from: current.status,
    to: rule.to,
    at: now,
    started: command === 'start',
  });
  if (!row) throw conflict(`campaign changed meanwhile; cannot ${command} it`, current.status);
  await insertEvent(tx, {
    clientId: row.clientId,
    campaignId: row.id,
    linkedinAccountId: row.linkedinAccountId,
    type: rule.event,
    occurredAt: now,
    meta: { by_user_id: auth.userId, via: auth.kind, from_status: current.status },
  });
  // Leads imported while the campaign was a draft or paused, and those a pause unscheduled, have no time.
  if (command === 'start' || command === 'resume') await scheduleCampaignLeads(tx, row.id, ACTIVE, now);
  if (command === 'pause' || command === 'stop') await unscheduleCampaignLeads(tx, row.id, ACTIVE, now);
  return presentCampaign(row, steps);
}

/** `POST /api/campaigns/:id/start|pause|resume|stop`: 409 names the current status when not allowed. */
export function registerCampaignControlRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  for (const command of Object.keys(TRANSITIONS) as Command[]) {
    const rule = TRANSITIONS[command];
    route(
      {
        method: 'post',
        path: `/api/campaigns/:id/${command}`,
        errors: [409],
        summary: rule.summary,
        tags: ['campaigns'],
        access: 'write',
        params: idParams,
        status: 200,
        response: campaignSchema,
        responseDescription: `The campaign, now ${rule.to}; 409 when it is not ${rule.from.join(' or ')}`,
      },
      // Pause and stop must not fail: a deadlock nobody foresaw is retried (and logged), never a 500 at once.
      async ({ params, auth }) =>
        transactionWithRetry(deps.db, (tx) => transition(tx, auth, params.id, command), {
          logger: deps.logger,
          what: `campaign ${command}`,
        }),
    );
  }
}
