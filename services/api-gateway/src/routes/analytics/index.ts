import type { GatewayDeps } from '../../deps';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { csvCell } from './csv';
import { registerEntityAnalyticsRoutes } from './entities';
import { registerExportRoutes } from './exports';
export { csvCell };
import { findCampaign } from '../campaigns/store';
import { buildFunnel, buildReplies, buildSeries, buildSummary, type SeriesPoint, type Window } from './compute';
import {
  funnelQuery,
  funnelSchema,
  repliesSchema,
  summarySchema,
  timeseriesQuery,
  timeseriesSchema,
  windowOf,
  windowQuery,
} from './schemas';

const echo = (w: Window, now: Date) => ({
  tz: w.tz,
  from: w.from,
  to: w.to,
  lo: w.lo.toISOString(),
  hi: w.hi.toISOString(),
  as_of: now.toISOString(),
});

const SERIES_COLUMNS = ['bucket', 'start', 'end', 'invites_sent', 'acceptances', 'messages_sent', 'replies_received'] as const;

/** `/api/analytics/campaigns/{id}/…`: read-only, tenant-scoped (another client's campaign is 404), viewers and API keys may call. */
export function registerAnalyticsRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  registerExportRoutes(route, deps);
  registerEntityAnalyticsRoutes(route, deps);

  /** The campaign (404 unless the caller may see it) and the window of the request in its zone. */
  async function resolve(
    auth: Parameters<typeof findCampaign>[1],
    id: string,
    q: { from?: string; to?: string; days?: number; tz?: string },
  ) {
    const campaign = await findCampaign(db, auth, id);
    const now = new Date();
    const tz = q.tz ?? campaign.timezone;
    const w = { tz, ...windowOf(q, tz, now) };
    return { campaign, now, w, scope: { clientId: campaign.clientId, campaignId: campaign.id, lo: w.lo, hi: w.hi } };
  }

  route(
    {
      method: 'get',
      path: '/api/analytics/campaigns/:id/summary',
      summary: "A campaign's activity totals, reply rate, last 7 days and lead status snapshot",
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      query: windowQuery,
      response: summarySchema,
    },
    async ({ params, query, auth }) => {
      const { campaign, now, w, scope } = await resolve(auth, params.id, query);
      return { ...echo(w, now), campaign_id: campaign.id, ...(await buildSummary(db, scope, w)) };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/analytics/campaigns/:id/timeseries',
      summary: 'Invites, acceptances, messages and replies per local day, hour or week',
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      query: timeseriesQuery,
      response: timeseriesSchema,
    },
    async ({ params, query, auth }) => {
      const { campaign, now, w, scope } = await resolve(auth, params.id, query);
      return {
        ...echo(w, now),
        campaign_id: campaign.id,
        interval: query.interval,
        points: await buildSeries(db, scope, w, query.interval),
      };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/analytics/campaigns/:id/timeseries.csv',
      summary: 'The timeseries as CSV',
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      query: timeseriesQuery,
      responseDescription: 'text/csv: bucket,start,end,invites_sent,acceptances,messages_sent,replies_received',
    },
    async ({ params, query, auth, res }) => {
      const { w, scope } = await resolve(auth, params.id, query);
      const points = await buildSeries(db, scope, w, query.interval);
      res.status(200).type('text/csv').setHeader('content-disposition', `attachment; filename="timeseries-${params.id}.csv"`);
      res.write(`${SERIES_COLUMNS.join(',')}\n`);
      for (const p of points) res.write(`${SERIES_COLUMNS.map((c) => csvCell((p as SeriesPoint)[c])).join(',')}\n`);
      res.end();
    },
  );

  route(
    {
      method: 'get',
      path: '/api/analytics/campaigns/:id/replies',
      summary: 'Time to first reply (p50, p90), replies by step and reply rate per sending account',
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      query: windowQuery,
      response: repliesSchema,
    },
    async ({ params, query, auth }) => {
      const { campaign, now, w, scope } = await resolve(auth, params.id, query);
      return { ...echo(w, now), campaign_id: campaign.id, ...(await buildReplies(db, scope)) };
    },
  );

  route(
    {
      method: 'get',
      path: '/api/analytics/campaigns/:id/funnel',
      summary: 'Cohort funnel (enrollments invited in the window, followed to now) or activity funnel',
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      query: funnelQuery,
      response: funnelSchema,
    },
    async ({ params, query, auth }) => {
      const { campaign, now, w, scope } = await resolve(auth, params.id, query);
      return { ...echo(w, now), campaign_id: campaign.id, mode: query.mode, ...(await buildFunnel(db, scope, query.mode)) };
    },
  );
}
