import { and, desc, eq, events, LEAD_STATUSES, leads, or, outboundActions, sql, type SQL } from '@outreach/db';
import type { GatewayDeps } from '../../deps';
import { notFound } from '../../http/errors';
import { z } from '../../http/openapi';
import { cursorTimestamp, keyset, pageOf, paginationQuery } from '../../http/pagination';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { tenantWhere } from '../../http/tenancy';
import { findCampaign, findLead } from './access';
import { leadDetailSchema, leadPatch, leadSchema, presentEvent, presentLead } from './schemas';
import { dropJobs, updateLeadFromApi } from './update-lead';

const listQuery = z
  .object({
    ...paginationQuery,
    status: z.enum(LEAD_STATUSES).optional().openapi({ description: 'Only leads in this status' }),
    search: z.string().trim().min(1).max(100).optional().openapi({ description: 'Only leads whose name, company, title or public identifier contains this text (any case)' }),
  })
  .strict();

/** Matches the text anywhere in the fields an operator knows a lead by; LIKE wildcards in it are literal. */
function searchWhere(text: string | undefined): SQL | undefined {
  if (!text) return undefined;
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(
    sql`(coalesce(${leads.firstName}, '') || ' ' || coalesce(${leads.lastName}, '')) ilike ${pattern}`,
    sql`${leads.company} ilike ${pattern}`,
    sql`${leads.title} ilike ${pattern}`,
    sql`${leads.publicIdentifier} ilike ${pattern}`,
  );
}

const LEAD_EVENTS_SHOWN = 100;

/** Reading and changing leads: the campaign's list, one lead with its history, edits, removal. */
export function registerLeadItemRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;

  route(
    { method: 'get', path: '/api/campaigns/:id/leads', summary: "List a campaign's leads, newest first", tags: ['leads'], access: 'read', params: idParams, query: listQuery, response: pageOf(leadSchema) },
    async ({ params, query, auth }) => {
      const campaign = await findCampaign(db, auth, params.id);
      const page = keyset({ createdAt: leads.createdAt, id: leads.id }, query);
      const rows = await db
        .select({ row: leads, cursorAt: cursorTimestamp(leads.createdAt) })
        .from(leads)
        .where(and(eq(leads.campaignId, campaign.id), tenantWhere(auth, leads.clientId), query.status ? eq(leads.status, query.status) : undefined, searchWhere(query.search), page.where))
        .orderBy(...page.orderBy)
        .limit(page.limit);
      return page.page(rows, presentLead);
    },
  );

  route(
    { method: 'get', path: '/api/leads/:id', summary: 'Get a lead with its events', tags: ['leads'], access: 'read', params: idParams, response: leadDetailSchema },
    async ({ params, auth }) => {
      const lead = await findLead(db, auth, params.id);
      const history = await db.select().from(events).where(eq(events.leadId, lead.id)).orderBy(desc(events.occurredAt), desc(events.id)).limit(LEAD_EVENTS_SHOWN);
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
    { method: 'delete', path: '/api/leads/:id', summary: 'Delete a lead and its history', tags: ['leads'], access: 'write', params: idParams, status: 204 },
    async ({ params, auth }) => {
      const queued = await db
        .select({ jobId: outboundActions.jobId })
        .from(outboundActions)
        .where(and(eq(outboundActions.leadId, params.id), tenantWhere(auth, outboundActions.clientId), eq(outboundActions.status, 'queued')));
      const deleted = await db
        .delete(leads)
        .where(and(eq(leads.id, params.id), tenantWhere(auth, leads.clientId)))
        .returning({ id: leads.id });
      if (deleted.length === 0) throw notFound('lead');
      await dropJobs(
        deps,
        queued.flatMap((q) => (q.jobId ? [q.jobId] : [])),
      );
      return undefined;
    },
  );
}
