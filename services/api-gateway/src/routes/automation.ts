import {
  CAMPAIGN_STATUSES,
  getSchedulerState,
  LEAD_STATUSES,
  setSchedulerState,
  STEP_ACTIONS,
  type LeadStatus,
  type SchedulerState,
} from '@outreach/db';
import type { GatewayDeps } from '../deps';
import { z } from '../http/openapi';
import type { RouteDefiner } from '../http/route';
import { idParams, timestamp } from '../http/schemas';
import { countLeadsByStatus, listNextActions } from './automation/store';
import { findCampaign } from './campaigns/store';

const tags = ['automation'];

const campaignStatusSchema = z
  .object({
    campaign_id: z.uuid(),
    status: z.enum(CAMPAIGN_STATUSES),
    counts: z.object(Object.fromEntries(LEAD_STATUSES.map((s) => [s, z.number().int()])) as Record<LeadStatus, z.ZodNumber>),
    total: z.number().int(),
    next_actions: z.array(
      z.object({
        lead_id: z.uuid(),
        step: z.number().int().openapi({ description: 'Index of the step the lead runs next (from 0)' }),
        action: z.enum(STEP_ACTIONS).nullable().openapi({ description: 'null when the lead is past the last step' }),
        next_action_at: timestamp,
      }),
    ),
  })
  .openapi('CampaignAutomationStatus');

const schedulerSchema = z
  .object({
    running: z.boolean(),
    reason: z.string().nullable().openapi({ description: 'why an admin stopped it; admins only (null for everyone else)' }),
    updated_at: timestamp.nullable().openapi({ description: 'null when never switched' }),
    updated_by: z.uuid().nullable().openapi({ description: 'the admin who switched it; admins only (null for everyone else)' }),
  })
  .openapi('SchedulerStatus');

const schedulerBody = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .strict()
  .optional();

const presentScheduler = (s: SchedulerState) => ({
  running: s.running,
  reason: s.reason,
  updated_at: s.updatedAt ? s.updatedAt.toISOString() : null,
  updated_by: s.updatedBy,
});

/**
 * Per-campaign automation status, and the global scheduler switch every worker reads before each
 * send (persisted in `automation_state`, so a stop survives restarts and reaches every process).
 */
export function registerAutomationRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/automation/campaigns/:id/status',
      summary: 'Lead counts per status and the next scheduled actions of a campaign',
      tags,
      access: 'read',
      params: idParams,
      response: campaignStatusSchema,
    },
    async ({ params, auth }) => {
      const campaign = await findCampaign(db, auth, params.id);
      const [counts, next] = await Promise.all([countLeadsByStatus(db, campaign), listNextActions(db, campaign)]);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const nextActions = next.map((r) => ({ lead_id: r.leadId, step: r.step, action: r.action, next_action_at: r.at.toISOString() }));
      return { campaign_id: campaign.id, status: campaign.status, counts, total, next_actions: nextActions };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/automation/scheduler/status',
      summary: 'Whether the global scheduler is running',
      tags,
      access: 'read',
      response: schedulerSchema,
    },
    async ({ auth }) => {
      const state = presentScheduler(await getSchedulerState(db));
      // The reason and the admin are the platform operator's notes, not every tenant's business.
      return auth.role === 'admin' ? state : { ...state, reason: null, updated_by: null };
    },
  );

  for (const command of ['start', 'stop'] as const) {
    route(
      {
        method: 'post',
        path: `/api/automation/scheduler/${command}`,
        summary: command === 'start' ? 'Let every worker send again' : 'Stop every worker before its next send (survives restarts)',
        tags,
        access: 'admin',
        body: schedulerBody,
        status: 200,
        response: schedulerSchema,
      },
      async ({ body, auth }) =>
        presentScheduler(
          await setSchedulerState(db, { running: command === 'start', reason: body?.reason ?? null, updatedBy: auth.userId }),
        ),
    );
  }
}
