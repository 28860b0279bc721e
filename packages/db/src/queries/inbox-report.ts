import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rows } from '../rows';
import type { ReportPeriod } from './weekly-report';

/** One touch of a lead's thread for the inbox figures (`firstResponses` in `@outreach/analytics`). */
export interface InboxTouchRow {
  leadId: string;
  at: Date;
  kind: 'prospect' | 'operator';
}

/**
 * The threads behind the weekly report's inbox figures, from `events` like every other figure:
 * for each lead an operator wrote to from the inbox in the period (`message_sent` with
 * `meta.origin = 'inbox'`), its replies (`message_received`) and inbox sends before the period's
 * end, oldest first. Earlier history is needed: a wait answered this week may have started before it.
 */
export async function listInboxTouches(db: DbOrTx, clientId: string, period: ReportPeriod): Promise<InboxTouchRow[]> {
  const end = period.end.toISOString();
  const found = await rows<{ lead_id: string; at: string; kind: 'prospect' | 'operator' }>(
    db,
    sql`
    with answered as (
      select distinct lead_id from events
      where client_id = ${clientId}::uuid and type = 'message_sent' and meta->>'origin' = 'inbox' and lead_id is not null
        and occurred_at >= ${period.start.toISOString()}::timestamptz and occurred_at < ${end}::timestamptz
    )
    select e.lead_id, e.occurred_at as at, case when e.type = 'message_received' then 'prospect' else 'operator' end as kind
    from events e join answered a on a.lead_id = e.lead_id
    where e.client_id = ${clientId}::uuid and e.occurred_at < ${end}::timestamptz
      and (e.type = 'message_received' or (e.type = 'message_sent' and e.meta->>'origin' = 'inbox'))
    order by e.lead_id, e.occurred_at, e.id`,
  );
  // Raw rows carry timestamps as text through drizzle's postgres-js driver.
  return found.map((r) => ({ leadId: r.lead_id, at: new Date(r.at), kind: r.kind }));
}
