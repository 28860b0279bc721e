import type postgres from 'postgres';
import type { Db } from '../client';

// drizzle's postgres-js database carries its client; the type leaves it out.
// Timestamps leave as ISO 8601 UTC text: the driver hands back Postgres' own format otherwise.
const client = (db: Db): postgres.Sql => (db as Db & { $client: postgres.Sql }).$client;

/** One exported lead row. */
export interface LeadExportRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  title: string | null;
  profile_url: string | null;
  status: string;
  current_step: number;
  invite_sent_at: string | null;
  connected_at: string | null;
  replied_at: string | null;
  created_at: string;
}

/** One exported event row. */
export interface EventExportRow {
  id: string;
  occurred_at: string;
  type: string;
  lead_id: string | null;
  linkedin_account_id: string | null;
  step: string | null;
  origin: string | null;
}

/**
 * A campaign's leads in pages of `batch` rows from a server-side cursor: memory stays bounded
 * however many leads there are (the caller writes each page before the next is read).
 */
export function streamCampaignLeads(db: Db, clientId: string, campaignId: string, batch = 1_000): AsyncIterable<LeadExportRow[]> {
  return client(db)<LeadExportRow[]>`
    select id, first_name, last_name, company, title, profile_url, status::text as status, current_step,
      to_char(invite_sent_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as invite_sent_at, to_char(connected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as connected_at, to_char(replied_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as replied_at, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
    from leads where client_id = ${clientId} and campaign_id = ${campaignId} order by leads.created_at, leads.id`.cursor(batch);
}

/** A campaign's events, oldest first, in pages of `batch` rows from a server-side cursor. */
export function streamCampaignEvents(db: Db, clientId: string, campaignId: string, batch = 1_000): AsyncIterable<EventExportRow[]> {
  return client(db)<EventExportRow[]>`
    select id::text as id, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at, type::text as type, lead_id, linkedin_account_id, meta->>'step' as step, meta->>'origin' as origin
    from events where client_id = ${clientId} and campaign_id = ${campaignId} order by events.occurred_at, events.id`.cursor(batch);
}
