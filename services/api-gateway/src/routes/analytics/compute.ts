import { acceptanceRate, bucketIndexOf, localBuckets, rate, replyDelayStats, replyRate, type Interval } from '@outreach/analytics';
import {
  countActivityFunnel,
  countCohortFunnel,
  countLeadsByStatus,
  countLeadsTouchedByStep,
  countUniqueLeads,
  countUniqueLeadsByAccount,
  findLastActivity,
  listFirstReplyFacts,
  listRollupSlots,
  sumRollups,
  type AnalyticsScope,
  type Db,
} from '@outreach/db';

/** The resolved window of a request: local dates, their instants and the zone. */
export interface Window {
  tz: string;
  from: string;
  to: string;
  lo: Date;
  hi: Date;
}

const SERIES_TYPES = {
  connection_request_sent: 'invites_sent',
  connection_accepted: 'acceptances',
  message_sent: 'messages_sent',
  message_received: 'replies_received',
} as const;
type SeriesField = (typeof SERIES_TYPES)[keyof typeof SERIES_TYPES];
export type SeriesPoint = { bucket: string; start: string; end: string } & Record<SeriesField, number>;

/** Counts per local bucket from the quarter-hour rollup; missing buckets are zeros. */
export async function buildSeries(db: Db, scope: AnalyticsScope, w: Window, interval: Interval): Promise<SeriesPoint[]> {
  const buckets = localBuckets(w.from, w.to, w.tz, interval);
  const points: SeriesPoint[] = buckets.map((b) => ({
    bucket: b.key,
    start: b.start.toISOString(),
    end: b.end.toISOString(),
    invites_sent: 0,
    acceptances: 0,
    messages_sent: 0,
    replies_received: 0,
  }));
  const slots = await listRollupSlots(db, scope, Object.keys(SERIES_TYPES));
  for (const s of slots) {
    const i = bucketIndexOf(buckets, s.slot);
    const field = SERIES_TYPES[s.type as keyof typeof SERIES_TYPES];
    if (i >= 0 && field) (points[i] as SeriesPoint)[field] += s.count;
  }
  return points;
}

/** The summary of one campaign over a window (see the analytics README for each figure). */
export async function buildSummary(db: Db, scope: AnalyticsScope & { campaignId: string }, w: Window) {
  const last7From = w.to > w.from ? maxDate(w.from, shiftDays(w.to, -6)) : w.from;
  const [sums, unique, lastActivity, snapshot, last7] = await Promise.all([
    sumRollups(db, scope),
    countUniqueLeads(db, scope),
    findLastActivity(db, scope.clientId, scope.campaignId),
    countLeadsByStatus(db, scope.clientId, scope.campaignId),
    buildSeries(db, { ...scope }, { ...w, from: last7From }, 'day'),
  ]);
  const n = (type: string) => sums[type] ?? 0;
  return {
    totals: {
      invites_sent: n('connection_request_sent'),
      invites_accepted: n('connection_accepted'),
      invites_failed: n('connection_request_failed'),
      invites_withdrawn: n('invite_withdrawn'),
      messages_sent: n('message_sent'),
      messages_failed: n('message_failed'),
      replies: n('message_received'),
      leads_replied: unique.replied,
      leads_contacted: unique.contacted,
    },
    last_activity_at: lastActivity?.toISOString() ?? null,
    reply_rate: replyRate(unique.replied, unique.contacted),
    acceptance_rate: acceptanceRate(n('connection_accepted'), n('connection_request_sent')),
    last_7_days: last7.map(({ bucket, invites_sent, acceptances, messages_sent, replies_received }) => ({
      date: bucket,
      invites_sent,
      acceptances,
      messages_sent,
      replies_received,
    })),
    snapshot: { label: 'current lead status, not a window figure' as const, by_status: snapshot },
  };
}

function shiftDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
const maxDate = (a: string, b: string) => (a > b ? a : b);

/** Time to first reply, replies by step and reply rates per sending account. */
export async function buildReplies(db: Db, scope: AnalyticsScope) {
  const [facts, touched, perAccount] = await Promise.all([
    listFirstReplyFacts(db, scope),
    countLeadsTouchedByStep(db, scope),
    countUniqueLeadsByAccount(db, scope),
  ]);
  const fromMessage: number[] = [];
  const fromInvite: number[] = [];
  let beforeFirstMessage = 0;
  const byStep = new Map<string, number>();
  for (const f of facts) {
    const reply = f.firstReplyAt.getTime();
    if (f.firstMessageAt && f.firstMessageAt.getTime() <= reply) fromMessage.push(reply - f.firstMessageAt.getTime());
    else beforeFirstMessage += 1;
    if (f.firstInviteAt && f.firstInviteAt.getTime() <= reply) fromInvite.push(reply - f.firstInviteAt.getTime());
    byStep.set(f.step, (byStep.get(f.step) ?? 0) + 1);
  }
  const steps = [...new Set([...byStep.keys(), ...Object.keys(touched)])].sort(stepOrder);
  return {
    time_to_first_reply: {
      from_first_message: replyDelayStats(fromMessage),
      from_invite: replyDelayStats(fromInvite),
      replied_before_first_message: beforeFirstMessage,
    },
    by_step: steps.map((step) => ({
      step,
      replies: byStep.get(step) ?? 0,
      rate: rate(byStep.get(step) ?? 0, touched[step] ?? 0, 'leads_touched_at_step'),
    })),
    by_account: perAccount.map((a) => ({ linkedin_account_id: a.accountId, reply_rate: replyRate(a.replied, a.contacted) })),
  };
}

/** Numeric steps in order, then `manual`, then anything else. */
function stepOrder(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  if (Number.isInteger(na)) return -1;
  if (Number.isInteger(nb)) return 1;
  return a.localeCompare(b);
}

/** The cohort or activity funnel (see the README: cohort is monotone, activity has no ratios). */
export async function buildFunnel(db: Db, scope: AnalyticsScope, mode: 'cohort' | 'activity') {
  if (mode === 'activity') return { stages: await countActivityFunnel(db, scope), rates: null };
  const c = await countCohortFunnel(db, scope);
  return {
    stages: { invited: c.invited, already_connected: c.alreadyConnected, accepted: c.accepted, messaged: c.messaged, replied: c.replied },
    rates: {
      acceptance: rate(c.accepted, c.invited, 'cohort_invited'),
      reply: rate(c.replied, c.invited + c.alreadyConnected, 'cohort_leads'),
    },
  };
}
