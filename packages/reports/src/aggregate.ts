import { acceptanceRate, median, replyRate } from '@outreach/analytics';
import type { FirstReplyRow, LeadActivityRow } from '@outreach/db';
import type { AccountReportRow, CampaignReportRow, ReportMetrics } from './report';

/** Running sums for one report row; distinct leads kept as sets so any grouping stays exact. */
interface Tally {
  invitesSent: number;
  accepted: number;
  messagesSent: number;
  replies: number;
  contacted: Set<string>;
  replied: Set<string>;
  firstReplyDelays: number[];
}

const emptyTally = (): Tally => ({
  invitesSent: 0,
  accepted: 0,
  messagesSent: 0,
  replies: 0,
  contacted: new Set(),
  replied: new Set(),
  firstReplyDelays: [],
});

function addActivity(t: Tally, row: LeadActivityRow): void {
  t.invitesSent += row.invitesSent;
  t.accepted += row.accepted;
  t.messagesSent += row.messagesSent;
  t.replies += row.replies;
  if (row.leadId === null) return;
  if (row.invitesSent + row.messagesSent > 0) t.contacted.add(row.leadId);
  if (row.replies > 0) t.replied.add(row.leadId);
}

export { median };

function toMetrics(t: Tally): ReportMetrics {
  return {
    invitesSent: t.invitesSent,
    accepted: t.accepted,
    acceptanceRate: acceptanceRate(t.accepted, t.invitesSent).value,
    messagesSent: t.messagesSent,
    replies: t.replies,
    leadsContacted: t.contacted.size,
    leadsReplied: t.replied.size,
    replyRate: replyRate(t.replied.size, t.contacted.size).value,
    firstReplies: t.firstReplyDelays.length,
    medianTimeToFirstReplyMs: median(t.firstReplyDelays),
  };
}

/** Tallies keyed by campaign or account id; `null` gathers events recorded without one. */
class TallyMap {
  readonly byKey = new Map<string | null, Tally>();
  get(key: string | null): Tally {
    let t = this.byKey.get(key);
    if (!t) this.byKey.set(key, (t = emptyTally()));
    return t;
  }
}

export interface ReportEntities {
  campaigns: ReadonlyArray<{ id: string; name: string; status: string; linkedinAccountId: string }>;
  accounts: ReadonlyArray<{ id: string; name: string }>;
}

export interface AggregatedReport {
  totals: ReportMetrics;
  campaigns: CampaignReportRow[];
  accounts: AccountReportRow[];
}

const sortByName = <T extends { name: string }>(rows: T[], key: (row: T) => string | null): T[] =>
  rows.sort((a, b) => a.name.localeCompare(b.name) || String(key(a)).localeCompare(String(key(b))));

/**
 * Folds the week's per-lead activity and first replies into the client's totals and its rows per
 * campaign and per LinkedIn account. Rows: every campaign or account with activity, plus every
 * active campaign and the account running it (showing zeros tells the client nothing happened).
 */
export function aggregateWeeklyReport(
  activity: readonly LeadActivityRow[],
  firstReplies: readonly FirstReplyRow[],
  entities: ReportEntities,
): AggregatedReport {
  const total = emptyTally();
  const perCampaign = new TallyMap();
  const perAccount = new TallyMap();
  for (const row of activity) {
    addActivity(total, row);
    addActivity(perCampaign.get(row.campaignId), row);
    addActivity(perAccount.get(row.linkedinAccountId), row);
  }
  for (const r of firstReplies) {
    // A lead that wrote to us before we ever contacted it has no "time to reply".
    if (r.firstOutboundAt === null) continue;
    const delay = r.firstReplyAt.getTime() - r.firstOutboundAt.getTime();
    total.firstReplyDelays.push(delay);
    perCampaign.get(r.campaignId).firstReplyDelays.push(delay);
    perAccount.get(r.linkedinAccountId).firstReplyDelays.push(delay);
  }

  const active = entities.campaigns.filter((c) => c.status === 'active');
  for (const c of active) {
    perCampaign.get(c.id);
    perAccount.get(c.linkedinAccountId);
  }
  const campaignById = new Map(entities.campaigns.map((c) => [c.id, c]));
  const accountById = new Map(entities.accounts.map((a) => [a.id, a]));

  const campaigns: CampaignReportRow[] = [...perCampaign.byKey].map(([id, t]) => {
    const c = id === null ? undefined : campaignById.get(id);
    return { campaignId: id, name: c?.name ?? 'Without campaign', status: c?.status ?? null, ...toMetrics(t) };
  });
  const accounts: AccountReportRow[] = [...perAccount.byKey].map(([id, t]) => ({
    linkedinAccountId: id,
    name: (id === null ? undefined : accountById.get(id)?.name) ?? 'Without account',
    ...toMetrics(t),
  }));
  return {
    totals: toMetrics(total),
    campaigns: sortByName(campaigns, (r) => r.campaignId),
    accounts: sortByName(accounts, (r) => r.linkedinAccountId),
  };
}
