import { addLocalDays, localDateOf, localDateRange, localDayStart, rate, rateWithInterval, resolveWindow } from '@outreach/analytics';
import {
  clients,
  countRepliesAwaitingOperator,
  countUniqueLeads,
  listRateUsage,
  sumRollups,
  type AnalyticsScope,
  type Db,
} from '@outreach/db';
import { buildRateUsage, currentCap } from './rate-usage';
import type { AuthContext } from '../../auth/context';
import type { GatewayDeps } from '../../deps';
import { notFound } from '../../http/errors';
import type { RouteDefiner } from '../../http/route';
import { idParams } from '../../http/schemas';
import { findOwnedClient } from '../clients/store';
import { findOwnedAccount, listActiveCampaigns, listClientAccounts, listVisible } from './store';
import { compareQuery, compareSchema, overviewSchema, rateUsageQuery, rateUsageSchema } from './entity-schemas';

const usage = (used: number, limit: number) => ({ used, limit, utilisation: rate(used, limit, 'daily_limit') });

/** The client's dashboard header: active campaigns, accounts' usage today, replies today and this week. */
async function buildOverview(db: Db, client: typeof clients.$inferSelect, now: Date) {
  const tz = client.timezone;
  const today = localDateOf(now, tz);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay() || 7;
  const scope = (from: string): AnalyticsScope => ({
    clientId: client.id,
    campaignId: null,
    lo: localDayStart(from, tz),
    hi: localDateRange(today, today, tz).hi,
  });
  const [active, accounts, todaySums, weekSums, awaiting] = await Promise.all([
    listActiveCampaigns(db, client.id),
    listClientAccounts(db, client.id),
    sumRollups(db, scope(today)),
    sumRollups(db, scope(addLocalDays(today, 1 - weekday))),
    countRepliesAwaitingOperator(db, client.id),
  ]);
  const accountRows = await Promise.all(
    accounts.map(async (a) => {
      const day = localDateOf(now, a.timezone);
      const rows = await listRateUsage(db, a.id, day, day);
      const used = (action: string) => rows.find((r) => r.action === action)?.count ?? 0;
      return {
        id: a.id,
        name: a.name,
        status: a.status,
        paused_reason: a.pausedReason,
        cooldown_until: a.cooldownUntil && a.cooldownUntil > now ? a.cooldownUntil.toISOString() : null,
        today: {
          invites: usage(used('invite'), currentCap(a, 'invite', day)),
          messages: usage(used('message'), currentCap(a, 'message', day)),
          profile_views: usage(used('profile_view'), currentCap(a, 'profile_view', day)),
        },
      };
    }),
  );
  return {
    tz,
    as_of: now.toISOString(),
    client_id: client.id,
    active_campaigns: active,
    accounts: accountRows,
    replies_today: todaySums.message_received ?? 0,
    replies_this_week: weekSums.message_received ?? 0,
    replies_awaiting_operator: awaiting,
  };
}

type Entity = { id: string; name: string; scope: Omit<AnalyticsScope, 'lo' | 'hi'> };

/** The entities named in `ids` that the caller may see; any other id answers 404, as if it did not exist. */
async function findEntities(db: Db, auth: AuthContext, dimension: 'campaign' | 'account' | 'client', ids: string[]): Promise<Entity[]> {
  const rows = await listVisible(db, auth, dimension, ids);
  const found: Entity[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope:
      dimension === 'campaign'
        ? { clientId: r.clientId, campaignId: r.id }
        : dimension === 'account'
          ? { clientId: r.clientId, campaignId: null, linkedinAccountId: r.id }
          : { clientId: r.id, campaignId: null },
  }));
  if (found.length !== ids.length) throw notFound(dimension);
  return ids.map((id) => found.find((e) => e.id === id) as Entity);
}

async function compareOne(db: Db, e: Entity, lo: Date, hi: Date) {
  const scope = { ...e.scope, lo, hi };
  const [sums, unique] = await Promise.all([sumRollups(db, scope), countUniqueLeads(db, scope)]);
  const n = (t: string) => sums[t] ?? 0;
  return {
    id: e.id,
    name: e.name,
    invites_sent: n('connection_request_sent'),
    acceptances: n('connection_accepted'),
    messages_sent: n('message_sent'),
    replies: n('message_received'),
    leads_contacted: unique.contacted,
    leads_replied: unique.replied,
    acceptance_rate: rateWithInterval(n('connection_accepted'), n('connection_request_sent'), 'invites_sent'),
    reply_rate: rateWithInterval(unique.replied, unique.contacted, 'leads_contacted'),
  };
}

/** Account rate usage, client overview and compare: read-only, tenant-scoped, viewers and API keys allowed. */
export function registerEntityAnalyticsRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  const { db } = deps;
  route(
    {
      method: 'get',
      path: '/api/analytics/accounts/:id/rate-usage',
      summary: "An account's daily usage against its caps, 429s and rolling weekly invites",
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      query: rateUsageQuery,
      response: rateUsageSchema,
    },
    async ({ params, query, auth }) => buildRateUsage(db, await findOwnedAccount(db, auth, params.id), query.days, new Date()),
  );
  route(
    {
      method: 'get',
      path: '/api/analytics/clients/:id/overview',
      summary: "A client's active campaigns, accounts' usage today and replies",
      tags: ['analytics'],
      access: 'read',
      params: idParams,
      response: overviewSchema,
    },
    async ({ params, auth }) => buildOverview(db, await findOwnedClient(db, auth, params.id), new Date()),
  );
  route(
    {
      method: 'get',
      path: '/api/analytics/compare',
      summary: 'The same figures per campaign, account or client, each rate with n and a Wilson 95 % interval',
      tags: ['analytics'],
      access: 'read',
      query: compareQuery,
      response: compareSchema,
    },
    async ({ query, auth }) => {
      const entities = await findEntities(db, auth, query.dimension, query.ids);
      const callerClient = auth.clientId ? await findOwnedClient(db, auth, auth.clientId) : null;
      const tz = query.tz ?? callerClient?.timezone ?? 'UTC';
      const now = new Date();
      const w = resolveWindow(query, tz, now);
      const rows = await Promise.all(entities.map((e) => compareOne(db, e, w.lo, w.hi)));
      return {
        tz,
        from: w.from,
        to: w.to,
        lo: w.lo.toISOString(),
        hi: w.hi.toISOString(),
        as_of: now.toISOString(),
        dimension: query.dimension,
        entities: rows,
      };
    },
  );
}
