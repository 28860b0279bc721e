import { firstResponses, inboxResponseStats } from '@outreach/analytics';
import {
  findReportSettings,
  listFirstReplies,
  listInboxTouches,
  listLeadActivity,
  listPeriodReplies,
  listReportEntities,
  type Db,
  type InboxTouchRow,
} from '@outreach/db';
import { aggregateWeeklyReport } from './aggregate';
import { weekRange } from './iso-week';
import { REPORT_REPLY_LIMIT, type WeeklyReport } from './report';

/**
 * Builds a client's report for one ISO week, bounded by local midnights in the client's own zone.
 * Reads only events of that week (and, for first replies, the leads' earlier history), so the
 * same week rebuilt later gives the same figures unless late-detected events were back-dated into
 * it. Throws RangeError for a malformed week and Error for an unknown client.
 */
export async function buildWeeklyReport(db: Db, clientId: string, week: string): Promise<WeeklyReport> {
  const client = await findReportSettings(db, clientId);
  if (!client) throw new Error(`client ${clientId} not found`);
  const range = weekRange(week, client.timezone);
  const [activity, firstReplies, entities, replyRows, touches] = await Promise.all([
    listLeadActivity(db, clientId, range),
    listFirstReplies(db, clientId, range),
    listReportEntities(db, clientId),
    listPeriodReplies(db, clientId, range, REPORT_REPLY_LIMIT),
    listInboxTouches(db, clientId, range),
  ]);
  const { totals, campaigns, accounts } = aggregateWeeklyReport(activity, firstReplies, entities);
  const replies = replyRows.map((r) => ({
    leadId: r.leadId,
    leadName: [r.firstName, r.lastName].filter((p) => p && p.trim()).join(' ') || 'Unknown lead',
    profileUrl: r.profileUrl,
    campaignId: r.campaignId,
    campaignName: r.campaignName ?? 'Without campaign',
    text: r.text,
    at: r.at,
  }));
  return {
    client: { id: client.clientId, name: client.name, timezone: client.timezone },
    week,
    range,
    totals,
    campaigns,
    accounts,
    replies,
    omittedReplies: Math.max(0, totals.replies - replies.length),
    inbox: inboxResponseStats(answeredWaits(touches, range)),
  };
}

/** Every lead's answered waits of the week (threads are per lead: one conversation each). */
function answeredWaits(touches: readonly InboxTouchRow[], range: { start: Date; end: Date }) {
  const byLead = new Map<string, InboxTouchRow[]>();
  for (const t of touches) {
    const thread = byLead.get(t.leadId);
    if (thread) thread.push(t);
    else byLead.set(t.leadId, [t]);
  }
  return [...byLead.values()].flatMap((thread) => firstResponses(thread, range));
}
