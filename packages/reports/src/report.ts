/**
 * The figures of one week, for the whole client, one campaign or one LinkedIn account. Every count
 * is taken from `events` whose `occurred_at` lies in the week's local Monday 00:00 → next Monday
 * 00:00 (see the package README for the definitions and why they were chosen).
 */
export interface ReportMetrics {
  /** `connection_request_sent` events. */
  invitesSent: number;
  /** `connection_accepted` events; `connection_accepted_historical` (imports) are left out. */
  accepted: number;
  /** accepted ÷ invitesSent of the same week; null without invites. Can exceed 1 (see README). */
  acceptanceRate: number | null;
  /** `message_sent` events. */
  messagesSent: number;
  /** `message_received` events: every reply message counts. */
  replies: number;
  /** Distinct leads with an invite or a message sent in the week. */
  leadsContacted: number;
  /** Distinct leads with at least one reply in the week (a lead replying three times counts once). */
  leadsReplied: number;
  /** leadsReplied ÷ leadsContacted; null when nobody was contacted. Can exceed 1 (see README). */
  replyRate: number | null;
  /** Leads whose first-ever reply fell in the week and who had been contacted before it. */
  firstReplies: number;
  /** Median over those leads of (first reply − first invite or message), in ms; null without any. */
  medianTimeToFirstReplyMs: number | null;
}

export interface CampaignReportRow extends ReportMetrics {
  /** Null for events that carry no campaign. */
  campaignId: string | null;
  name: string;
  status: string | null;
}

export interface AccountReportRow extends ReportMetrics {
  linkedinAccountId: string | null;
  name: string;
}

/** One reply message received in the week. */
export interface ReportReply {
  leadId: string | null;
  leadName: string;
  profileUrl: string | null;
  campaignId: string | null;
  campaignName: string;
  text: string | null;
  at: Date;
}

/** What a client's weekly email says; built by `buildWeeklyReport`, rendered by `renderWeeklyReport`. */
export interface WeeklyReport {
  client: { id: string; name: string; timezone: string };
  /** `YYYY-Www`. */
  week: string;
  /** Local Monday 00:00 (inclusive) → next Monday 00:00 (exclusive) in the client's zone. */
  range: { start: Date; end: Date };
  totals: ReportMetrics;
  /** Campaigns with activity in the week plus every active campaign, by name. */
  campaigns: CampaignReportRow[];
  /** LinkedIn accounts with activity in the week plus those running an active campaign, by name. */
  accounts: AccountReportRow[];
  /** The week's replies, oldest first, at most `REPORT_REPLY_LIMIT`. */
  replies: ReportReply[];
  /** Replies of the week not listed because of the limit. */
  omittedReplies: number;
  /** How operators answered from the inbox this week (`inboxResponseStats` in `@outreach/analytics`). */
  inbox: InboxReportMetrics;
}

/**
 * The week's inbox figures, over the campaign leads' threads: a wait starts at the prospect's first
 * unanswered message and ends at an operator's next send from the inbox; waits answered in the week count.
 */
export interface InboxReportMetrics {
  /** Waits an operator answered from the inbox in the week. */
  repliesAnswered: number;
  /** Median of (operator's answer − the wait's first prospect message) over those waits, in ms; null without any. */
  medianFirstResponseMs: number | null;
}

/** How many replies a report lists; the rest are counted in `omittedReplies`. */
export const REPORT_REPLY_LIMIT = 50;
