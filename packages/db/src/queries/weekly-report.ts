import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rows } from '../rows';
import { campaigns, clients, emailUnsubscribes, events, leads, linkedinAccounts, messages } from '../schema';
import { findClientNotificationSettings, listClientNotificationSettings, type ClientNotificationSettings } from './notification-settings';

/** A week (or any period) as instants: `start` inclusive, `end` exclusive. */
export interface ReportPeriod {
  start: Date;
  end: Date;
}

/** A client's weekly report settings, with the defaults filled in where it has no settings row. */
export interface ReportSettings {
  clientId: string;
  name: string;
  timezone: string;
  createdAt: Date;
  reportsEnabled: boolean;
  /** ISO weekday, 1 = Monday. */
  reportWeekday: number;
  /** Local hour, 0–23. */
  reportHour: number;
  /** `notification_settings.report_recipients` when non-empty, else `clients.report_emails`; normalised (lower-cased). */
  recipients: string[];
}

const toReportSettings = ({ client, settings }: ClientNotificationSettings): ReportSettings => ({
  clientId: client.id,
  name: client.name,
  timezone: client.timezone,
  createdAt: client.createdAt,
  reportsEnabled: settings.reportsEnabled,
  reportWeekday: settings.reportWeekday,
  reportHour: settings.reportHour,
  recipients: settings.reportRecipients.effective,
});

/** One client's report settings, or undefined for an unknown client. */
export async function findReportSettings(db: DbOrTx, clientId: string): Promise<ReportSettings | undefined> {
  const found = await findClientNotificationSettings(db, clientId);
  return found ? toReportSettings(found) : undefined;
}

/** Every client's report settings: the weekly planner's input (one row per client, agencies have hundreds). */
export async function listReportSettings(db: DbOrTx): Promise<ReportSettings[]> {
  return (await listClientNotificationSettings(db)).map(toReportSettings);
}

/**
 * Records an unsubscribe (idempotent: the (client, email, list) key makes a repeat a no-op).
 * Selecting through clients skips a client deleted since the email went out (its mail stopped with it).
 */
export async function recordUnsubscribe(db: DbOrTx, u: { clientId: string; email: string; list: EmailList }): Promise<void> {
  await db.execute(sql`
      insert into email_unsubscribes (client_id, email, list)
      select ${clients.id}, ${u.email}, ${u.list} from ${clients} where ${clients.id} = ${u.clientId}
      on conflict do nothing`);
}

export type EmailList = (typeof emailUnsubscribes.$inferSelect)['list'];

/** Whether this address already unsubscribed from this client's list. */
export async function isUnsubscribed(db: DbOrTx, u: { clientId: string; email: string; list: EmailList }): Promise<boolean> {
  const [row] = await db
    .select({ email: emailUnsubscribes.email })
    .from(emailUnsubscribes)
    .where(and(eq(emailUnsubscribes.clientId, u.clientId), eq(emailUnsubscribes.email, u.email), eq(emailUnsubscribes.list, u.list)));
  return row !== undefined;
}

/** Lower-cased addresses that unsubscribed from a client's weekly report. */
export async function listWeeklyReportUnsubscribes(db: DbOrTx, clientId: string): Promise<Set<string>> {
  const unsubscribed = await db
    .select({ email: emailUnsubscribes.email })
    .from(emailUnsubscribes)
    .where(and(eq(emailUnsubscribes.clientId, clientId), eq(emailUnsubscribes.list, 'weekly_report')));
  return new Set(unsubscribed.map((r) => r.email.toLowerCase()));
}

/** Counts of one lead's report events in a period, per campaign and account they were recorded under. */
export interface LeadActivityRow {
  leadId: string | null;
  campaignId: string | null;
  linkedinAccountId: string | null;
  invitesSent: number;
  accepted: number;
  messagesSent: number;
  replies: number;
}

const count = (type: (typeof events.type.enumValues)[number]) =>
  sql<number>`count(*) filter (where ${events.type} = ${type})`.mapWith(Number);

/**
 * The period's report events grouped by lead, campaign and account: one row per lead touched, so
 * distinct-lead figures can be summed over any grouping. `connection_accepted_historical` is an
 * import of an old acceptance, not this week's activity, and is left out.
 */
export async function listLeadActivity(db: DbOrTx, clientId: string, period: ReportPeriod): Promise<LeadActivityRow[]> {
  return db
    .select({
      leadId: events.leadId,
      campaignId: events.campaignId,
      linkedinAccountId: events.linkedinAccountId,
      invitesSent: count('connection_request_sent'),
      accepted: count('connection_accepted'),
      messagesSent: count('message_sent'),
      replies: count('message_received'),
    })
    .from(events)
    .where(
      and(
        eq(events.clientId, clientId),
        inArray(events.type, ['connection_request_sent', 'connection_accepted', 'message_sent', 'message_received']),
        gte(events.occurredAt, period.start),
        lt(events.occurredAt, period.end),
      ),
    )
    .groupBy(events.leadId, events.campaignId, events.linkedinAccountId);
}

/** A lead whose first-ever reply fell in the period. */
export interface FirstReplyRow {
  leadId: string;
  campaignId: string | null;
  linkedinAccountId: string | null;
  firstReplyAt: Date;
  /** The lead's first invite or message sent at or before that reply; null when we never wrote first. */
  firstOutboundAt: Date | null;
}

type RawFirstReply = {
  lead_id: string;
  campaign_id: string | null;
  linkedin_account_id: string | null;
  first_reply_at: string;
  first_outbound_at: string | null;
};

/**
 * Leads whose first reply ever (not just the period's first) lies in the period, with their first
 * outbound action before it: the sample of "median time to first reply". The campaign and account
 * are those of the first reply event.
 */
export async function listFirstReplies(db: DbOrTx, clientId: string, period: ReportPeriod): Promise<FirstReplyRow[]> {
  const start = period.start.toISOString();
  const firstReplies = await rows<RawFirstReply>(
    db,
    sql`
    with first_replies as (
      select e.lead_id,
        (array_agg(e.campaign_id order by e.occurred_at, e.id))[1] as campaign_id,
        (array_agg(e.linkedin_account_id order by e.occurred_at, e.id))[1] as linkedin_account_id,
        min(e.occurred_at) as first_reply_at
      from events e
      where e.client_id = ${clientId} and e.type = 'message_received' and e.lead_id is not null
        and e.occurred_at >= ${start}::timestamptz and e.occurred_at < ${period.end.toISOString()}::timestamptz
        and not exists (select 1 from events p where p.lead_id = e.lead_id and p.type = 'message_received' and p.occurred_at < ${start}::timestamptz)
      group by e.lead_id
    )
    select f.lead_id, f.campaign_id, f.linkedin_account_id, f.first_reply_at,
      (select min(o.occurred_at) from events o
        where o.lead_id = f.lead_id and o.type in ('connection_request_sent', 'message_sent') and o.occurred_at <= f.first_reply_at) as first_outbound_at
    from first_replies f`,
  );
  // Raw rows carry timestamps as text through drizzle's postgres-js driver.
  return firstReplies.map((r) => ({
    leadId: r.lead_id,
    campaignId: r.campaign_id,
    linkedinAccountId: r.linkedin_account_id,
    firstReplyAt: new Date(r.first_reply_at),
    firstOutboundAt: r.first_outbound_at === null ? null : new Date(r.first_outbound_at),
  }));
}

/** One reply message of the period with who sent it and under which campaign. */
export interface PeriodReplyRow {
  leadId: string | null;
  firstName: string | null;
  lastName: string | null;
  profileUrl: string | null;
  campaignId: string | null;
  campaignName: string | null;
  text: string | null;
  at: Date;
}

/** The period's `message_received` events, oldest first, with the message text (at most `limit`). */
export async function listPeriodReplies(db: DbOrTx, clientId: string, period: ReportPeriod, limit: number): Promise<PeriodReplyRow[]> {
  return db
    .select({
      leadId: events.leadId,
      firstName: leads.firstName,
      lastName: leads.lastName,
      profileUrl: leads.profileUrl,
      campaignId: events.campaignId,
      campaignName: campaigns.name,
      text: messages.text,
      at: events.occurredAt,
    })
    .from(events)
    .leftJoin(leads, eq(leads.id, events.leadId))
    .leftJoin(campaigns, eq(campaigns.id, events.campaignId))
    .leftJoin(messages, and(eq(messages.linkedinAccountId, events.linkedinAccountId), eq(messages.externalMessageId, events.externalId)))
    .where(
      and(
        eq(events.clientId, clientId),
        eq(events.type, 'message_received'),
        gte(events.occurredAt, period.start),
        lt(events.occurredAt, period.end),
      ),
    )
    .orderBy(asc(events.occurredAt), asc(events.id))
    .limit(limit);
}

/** A client's campaigns and LinkedIn accounts: names for report rows, and which campaigns are active. */
export async function listReportEntities(
  db: DbOrTx,
  clientId: string,
): Promise<{
  campaigns: Array<{ id: string; name: string; status: string; linkedinAccountId: string }>;
  accounts: Array<{ id: string; name: string }>;
}> {
  const [campaignRows, accountRows] = await Promise.all([
    db
      .select({ id: campaigns.id, name: campaigns.name, status: campaigns.status, linkedinAccountId: campaigns.linkedinAccountId })
      .from(campaigns)
      .where(eq(campaigns.clientId, clientId)),
    db
      .select({ id: linkedinAccounts.id, name: linkedinAccounts.name })
      .from(linkedinAccounts)
      .where(eq(linkedinAccounts.clientId, clientId)),
  ]);
  return { campaigns: campaignRows, accounts: accountRows };
}
