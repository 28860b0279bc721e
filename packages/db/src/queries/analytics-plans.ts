import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import {
  countActivityFunnel,
  countCohortFunnel,
  countLeadsByStatus,
  countLeadsTouchedByStep,
  countRepliesAwaitingOperator,
  countUniqueLeads,
  countUniqueLeadsByAccount,
  findLastActivity,
  listFirstReplyFacts,
  listRateLimitedAt,
  listRateUsage,
  listRollupSlots,
  sumRollups,
} from './analytics';
import { listLimitVersions } from './account-limits';
import { listDeferrals } from './deferrals';

export interface QueryPlan {
  name: string;
  plan: string[];
  seqScans: string[];
  /** When the planner chose a sequential scan: the plan with sequential scans switched off (an index path exists). */
  withoutSeqScan: string[] | null;
}

/** The indexes a plan reads. */
export const indexesIn = (plan: string[]): string[] => [
  ...new Set(
    plan.flatMap((l) =>
      [...l.matchAll(/(?:Index(?: Only)? Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)/g)].map((m) => m[1] as string),
    ),
  ),
];

/** A `Db` whose `execute` records the statement instead of running it (the query functions then see no rows). */
function recordingDb(db: Db, into: SQL[]): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'execute')
        return (q: SQL) => {
          into.push(q);
          return Promise.resolve([]);
        };
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** The entities whose reads are explained (they need not exist: EXPLAIN reads no rows). */
export interface PlanTarget {
  clientId: string;
  campaignId: string;
  accountId: string;
}

/**
 * EXPLAIN of every analytics read (`/api/analytics/*`, the overview, the events export page):
 * each query function runs against a recording `Db`, and what it would have sent is explained.
 * A plan that chose a sequential scan is explained again with sequential scans switched off, to
 * show whether an index path exists (a tiny table is rightly read whole). Diagnostics for the
 * analytics bench and its test; never on a request path.
 */
export async function explainAnalyticsReads(db: Db, target: PlanTarget): Promise<QueryPlan[]> {
  const hi = new Date();
  const lo = new Date(hi.getTime() - 30 * 86_400_000);
  const campaign = { clientId: target.clientId, campaignId: target.campaignId, lo, hi };
  const client = { ...campaign, campaignId: null };
  const account = { ...client, linkedinAccountId: target.accountId };
  const day = hi.toISOString().slice(0, 10);
  const calls: Array<[string, (d: Db) => Promise<unknown>]> = [
    ['timeseries slots (campaign)', (d) => listRollupSlots(d, campaign, ['message_sent'])],
    ['sums (campaign)', (d) => sumRollups(d, campaign)],
    ['sums (client: overview)', (d) => sumRollups(d, client)],
    ['sums (account: compare)', (d) => sumRollups(d, account)],
    ['unique leads (campaign)', (d) => countUniqueLeads(d, campaign)],
    ['unique leads (client)', (d) => countUniqueLeads(d, client)],
    ['last activity', (d) => findLastActivity(d, campaign.clientId, campaign.campaignId)],
    ['leads by status (snapshot)', (d) => countLeadsByStatus(d, campaign.clientId, campaign.campaignId)],
    ['first replies (replies)', (d) => listFirstReplyFacts(d, campaign)],
    ['leads touched by step', (d) => countLeadsTouchedByStep(d, campaign)],
    ['unique leads by account', (d) => countUniqueLeadsByAccount(d, campaign)],
    ['cohort funnel', (d) => countCohortFunnel(d, campaign)],
    ['activity funnel', (d) => countActivityFunnel(d, campaign)],
    ['rate usage', (d) => listRateUsage(d, target.accountId, day, day)],
    ['429s (rate usage)', (d) => listRateLimitedAt(d, campaign.clientId, target.accountId, lo, hi)],
    ['deferrals (rate usage)', (d) => listDeferrals(d, target.accountId, day, day)],
    ['limit versions (rate usage)', (d) => listLimitVersions(d, target.accountId, lo, hi)],
    ['replies awaiting an operator (overview)', (d) => countRepliesAwaitingOperator(d, campaign.clientId)],
  ];
  const statements: Array<[string, SQL]> = [];
  for (const [name, call] of calls) {
    const recorded: SQL[] = [];
    await call(recordingDb(db, recorded));
    recorded.forEach((q, i) => statements.push([recorded.length > 1 ? `${name} #${i + 1}` : name, q]));
  }
  statements.push([
    'events export page',
    sql`select id from events where client_id = ${campaign.clientId} and campaign_id = ${campaign.campaignId} order by occurred_at, id limit 1000`,
  ]);
  const plans: QueryPlan[] = [];
  for (const [name, q] of statements) {
    const rows = await db.execute<{ 'QUERY PLAN': string }>(sql`explain ${q}`);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const seqScans = plan.filter((l) => l.includes('Seq Scan')).map((l) => l.trim());
    // A tiny table is read whole by choice; switching sequential scans off shows whether an index path exists.
    const withoutSeqScan = seqScans.length
      ? await db.transaction(async (tx) => {
          await tx.execute(sql`set local enable_seqscan = off`);
          return (await tx.execute<{ 'QUERY PLAN': string }>(sql`explain ${q}`)).map((r) => r['QUERY PLAN']);
        })
      : null;
    plans.push({ name, plan, seqScans, withoutSeqScan });
  }
  return plans;
}
