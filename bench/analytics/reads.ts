import {
  campaigns,
  countLeadsByStatus,
  countRepliesAwaitingOperator,
  countUniqueLeads,
  findLastActivity,
  linkedinAccounts,
  listRateUsage,
  listRollupSlots,
  sumRollups,
  type AnalyticsScope,
  type Db,
} from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { ids } from './seed';

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
const DAY = 86_400_000;
const SERIES_TYPES = ['connection_request_sent', 'connection_accepted', 'message_sent', 'message_received'];

async function timed(f: () => Promise<unknown>): Promise<number> {
  const s = performance.now();
  await f();
  return performance.now() - s;
}

/** The reads `GET …/summary` makes (sums, unique leads, last activity, status snapshot, last 7 days' slots). */
const summaryReads = (db: Db, scope: AnalyticsScope & { campaignId: string }) =>
  Promise.all([
    sumRollups(db, scope),
    countUniqueLeads(db, scope),
    findLastActivity(db, scope.clientId, scope.campaignId),
    countLeadsByStatus(db, scope.clientId, scope.campaignId),
    listRollupSlots(db, { ...scope, lo: new Date(scope.hi.getTime() - 7 * DAY) }, SERIES_TYPES),
  ]);

/**
 * The reads `GET /api/analytics/clients/{id}/overview` makes (`buildOverview` in the gateway's
 * routes/analytics/entities.ts): active campaigns, accounts, today's and this week's sums over the
 * whole client, replies awaiting an operator, then each account's usage today.
 */
async function overviewReads(db: Db, clientId: string, now: Date): Promise<void> {
  const today = new Date(Math.floor(now.getTime() / DAY) * DAY);
  const [, accounts] = await Promise.all([
    db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(and(eq(campaigns.clientId, clientId), eq(campaigns.status, 'active'))),
    db.select().from(linkedinAccounts).where(eq(linkedinAccounts.clientId, clientId)),
    sumRollups(db, { clientId, campaignId: null, lo: today, hi: new Date(today.getTime() + DAY) }),
    sumRollups(db, { clientId, campaignId: null, lo: new Date(today.getTime() - 6 * DAY), hi: new Date(today.getTime() + DAY) }),
    countRepliesAwaitingOperator(db, clientId),
  ]);
  const day = today.toISOString().slice(0, 10);
  await Promise.all(accounts.map((a) => listRateUsage(db, a.id, day, day)));
}

/** p95 of the campaign timeseries and summary, the client overview and compare over 50 campaigns. */
export async function benchReads(db: Db, o: { clients: number; samples: number }): Promise<void> {
  const hi = new Date();
  const lo = new Date(hi.getTime() - 30 * DAY);
  const randomClient = () => 1 + Math.floor(Math.random() * o.clients);
  const campaignScope = () => {
    const c = randomClient();
    return { clientId: ids.client(c), campaignId: ids.campaign(c, 1 + Math.floor(Math.random() * 5)), lo, hi };
  };
  const series: number[] = [];
  const summary: number[] = [];
  const overview: number[] = [];
  for (let i = 0; i < o.samples; i++) {
    series.push(await timed(() => listRollupSlots(db, campaignScope(), SERIES_TYPES)));
    summary.push(await timed(() => summaryReads(db, campaignScope())));
    overview.push(await timed(() => overviewReads(db, ids.client(randomClient()), hi)));
  }
  const compare: number[] = [];
  for (let i = 0; i < Math.max(10, o.samples / 10); i++) {
    compare.push(
      await timed(() =>
        Promise.all(
          Array.from({ length: 50 }, () => campaignScope()).map((s) => Promise.all([sumRollups(db, s), countUniqueLeads(db, s)])),
        ),
      ),
    );
  }
  console.log(
    `30-day timeseries read p95 ${p95(series).toFixed(1)} ms (target ≤ 20), summary reads p95 ${p95(summary).toFixed(1)} ms (≤ 20), ${o.samples} samples`,
  );
  console.log(`client overview reads p95 ${p95(overview).toFixed(1)} ms (≤ 50)`);
  console.log(`compare over 50 campaigns p95 ${p95(compare).toFixed(1)} ms (≤ 100), ${compare.length} samples`);
}
