import { LEAD_STATUSES } from '@outreach/db';
import type { GatewayDeps } from '../../deps';
import { notFound } from '../../http/errors';
import { z } from '../../http/openapi';
import { pageOf, paginationQuery, presentPage } from '../../http/pagination';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { deleteScopedLead, findCampaign, findLead, listCampaignLeads, listLeadEvents } from './store';
import { leadDetailSchema, leadPatch, leadSchema, presentEvent, presentLead } from './schemas';
import { dropJobs, updateLeadFromApi } from './update-lead';

const listQuery = z
  .object({
    ...paginationQuery,
    status: z.enum(LEAD_STATUSES).optional().openapi({ description: 'Only leads in this status' }),
    search: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'Only leads whose name, company, title or public identifier contains this text (any case)' }),
  })
  .strict();

const LEAD_EVENTS_SHOWN = 100;

/** Reading and changing leads: the campaign's list, one lead with its history, edits, removal. */
export function registerLeadItemRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    {
      method: 'get',
      path: '/api/campaigns/:id/leads',
      summary: "List a campaign's leads, newest first",
      tags: ['leads'],
      access: 'read',
      params: idParams,
      query: listQuery,
      response: pageOf(leadSchema),
    },
    async ({ params, query, auth }) => {
      const campaign = await findCampaign(db, auth, params.id);
      return presentPage(await listCampaignLeads(db, auth, campaign, query), presentLead);
    },
  );

  route(
    {
      method: 'get',
      path: '/api/leads/:id',
      summary: 'Get a lead with its events',
      tags: ['leads'],
      access: 'read',
      params: idParams,
      response: leadDetailSchema,
    },
    async ({ params, auth }) => {
      const lead = await findLead(db, auth, params.id);
      const history = await listLeadEvents(db, lead, LEAD_EVENTS_SHOWN);
      return { ...presentLead(lead), events: history.map(presentEvent) };
    },
  );

  route(
    {
      method: 'patch',
      path: '/api/leads/:id',
      summary: 'Change a lead (names, company, title, custom fields; opt out or retry)',
      tags: ['leads'],
      access: 'write',
      params: idParams,
      body: leadPatch,
      response: leadSchema,
    },
    async ({ params, body, auth }) => presentLead(await updateLeadFromApi(deps, auth, params.id, body)),
  );

  route(
    {
      method: 'delete',
      path: '/api/leads/:id',
      summary: 'Delete a lead and its history',
      tags: ['leads'],
      access: 'write',
      params: idParams,
      status: 204,
    },
    async ({ params, auth }) => {
      const queuedJobIds = await deleteScopedLead(db, auth, params.id);
      if (queuedJobIds === null) throw notFound('lead');
      await dropJobs(deps, queuedJobIds);
      return undefined;
    },
  );
}
