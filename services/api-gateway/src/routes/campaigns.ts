import type { campaigns } from '@outreach/db';
import type { GatewayDeps } from '../deps';
import { ApiError, type ErrorDetail } from '../http/errors';
import { pageOf, presentPage } from '../http/pagination';
import type { RouteDefiner } from '../http/route';
import { idParams } from '../http/schemas';
import { clientForCreate } from '../http/tenancy';
import { registerCampaignControlRoutes } from './campaigns/control';
import { presentCampaign, presentStep } from './campaigns/present';
import { registerCampaignPreviewRoute } from './campaigns/preview';
import { campaignInput, campaignListQuery, campaignPatch, campaignSchema, checkStepList, type CampaignPatch } from './campaigns/schemas';
import {
  deleteCampaign,
  findCampaign,
  findClientAccount,
  insertCampaign,
  listCampaigns,
  loadSteps,
  replaceSteps,
  updateCampaign,
} from './campaigns/store';

const tags = ['campaigns'];

/** Only the fields a PATCH names; `steps` and `custom_fields` are handled apart. */
function patchValues(body: CampaignPatch): Partial<typeof campaigns.$inferInsert> {
  return {
    ...(body.linkedin_account_id !== undefined ? { linkedinAccountId: body.linkedin_account_id } : {}),
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
    ...(body.working_days !== undefined ? { workingDays: body.working_days } : {}),
    ...(body.working_hours !== undefined ? { workingHoursStart: body.working_hours.start, workingHoursEnd: body.working_hours.end } : {}),
    ...(body.holidays !== undefined ? { holidays: [...new Set(body.holidays)].sort() } : {}),
    ...(body.message_first_degree !== undefined ? { messageFirstDegree: body.message_first_degree } : {}),
    ...(body.custom_fields !== undefined ? { customFields: [...new Set(body.custom_fields)] } : {}),
  };
}

/**
 * A PATCH that changes the steps or the custom fields re-checks every template against the fields
 * the campaign will have afterwards (the stored ones when the body names none).
 */
function checkTemplatesAgainst(customFields: string[], steps: readonly unknown[]): void {
  const details: ErrorDetail[] = [];
  checkStepList(steps, customFields, (path, message) => details.push({ location: 'body', path: path.join('.'), message }));
  if (details.length > 0) {
    throw new ApiError(400, 'validation_failed', details.map((d) => `body.${d.path}: ${d.message}`).join('; '), details);
  }
}

/**
 * Campaign CRUD (tenant-scoped; agents and API keys write in their own client, admins anywhere)
 * plus the start/pause/resume/stop controls. `status` only changes through the controls.
 */
export function registerCampaignRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/campaigns',
      summary: 'List campaigns',
      tags,
      access: 'read',
      query: campaignListQuery,
      response: pageOf(campaignSchema),
    },
    async ({ query, auth }) => {
      const page = await listCampaigns(db, auth, query);
      const steps = await loadSteps(
        db,
        page.items.map((r) => r.id),
      );
      return presentPage(page, (r) => presentCampaign(r, steps.get(r.id) ?? []));
    },
  );

  route(
    {
      method: 'post',
      path: '/api/campaigns',
      summary: 'Create a campaign (status draft)',
      tags,
      access: 'write',
      body: campaignInput,
      response: campaignSchema,
    },
    async ({ body, auth }) => {
      const clientId = clientForCreate(auth, body.client_id);
      const account = await findClientAccount(db, clientId, body.linkedin_account_id);
      return db.transaction(async (tx) => {
        const row = await insertCampaign(tx, {
          clientId,
          linkedinAccountId: account.id,
          name: body.name,
          timezone: body.timezone ?? account.timezone,
          workingDays: body.working_days,
          workingHoursStart: body.working_hours.start,
          workingHoursEnd: body.working_hours.end,
          holidays: [...new Set(body.holidays)].sort(),
          messageFirstDegree: body.message_first_degree,
          customFields: [...new Set(body.custom_fields)],
        });
        return presentCampaign(row, await replaceSteps(tx, row.id, body.steps));
      });
    },
  );

  route(
    {
      method: 'get',
      path: '/api/campaigns/:id',
      summary: 'Get a campaign with its steps',
      tags,
      access: 'read',
      params: idParams,
      response: campaignSchema,
    },
    async ({ params, auth }) => {
      const row = await findCampaign(db, auth, params.id);
      return presentCampaign(row, (await loadSteps(db, [row.id])).get(row.id) ?? []);
    },
  );

  route(
    {
      method: 'patch',
      path: '/api/campaigns/:id',
      errors: [409],
      summary: 'Change a campaign; `steps` replace the whole sequence (allowed while active)',
      tags,
      access: 'write',
      params: idParams,
      body: campaignPatch,
      response: campaignSchema,
    },
    async ({ params, body, auth }) =>
      db.transaction(async (tx) => {
        // Locked so a concurrent start sees either the old or the new steps, never a half-written set.
        const current = await findCampaign(tx, auth, params.id, { lock: true });
        if (body.linkedin_account_id !== undefined) await findClientAccount(tx, current.clientId, body.linkedin_account_id);
        if (body.steps?.length === 0 && (current.status === 'active' || current.status === 'paused')) {
          throw new ApiError(409, 'conflict', `a campaign that is ${current.status} needs at least one step`);
        }
        if (body.steps !== undefined || body.custom_fields !== undefined) {
          const steps = body.steps ?? ((await loadSteps(tx, [current.id])).get(current.id) ?? []).map(presentStep);
          checkTemplatesAgainst(body.custom_fields ?? current.customFields, steps);
        }
        const row = await updateCampaign(tx, current, patchValues(body));
        const steps = body.steps ? await replaceSteps(tx, row.id, body.steps) : ((await loadSteps(tx, [row.id])).get(row.id) ?? []);
        return presentCampaign(row, steps);
      }),
  );

  route(
    {
      method: 'delete',
      path: '/api/campaigns/:id',
      errors: [409],
      summary: 'Delete a campaign with its steps, leads and events',
      tags,
      access: 'write',
      params: idParams,
      status: 204,
    },
    async ({ params, auth }) => {
      await db.transaction(async (tx) => {
        const current = await findCampaign(tx, auth, params.id, { lock: 'delete' });
        // Sends may be in flight for an active campaign; stopping it first lets them settle.
        if (current.status === 'active') throw new ApiError(409, 'conflict', 'campaign is active: pause or stop it before deleting it');
        await deleteCampaign(tx, current);
      });
      return undefined;
    },
  );

  registerCampaignControlRoutes(route, deps);
  registerCampaignPreviewRoute(route, deps);
}
