import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { campaigns, events, leads, linkedinAccounts, messages } from '../schema';

/** An event with what its notifications show: the lead, campaign, account and, for replies, the text. */
export interface EventContext {
  event: typeof events.$inferSelect;
  lead: Pick<typeof leads.$inferSelect, 'id' | 'firstName' | 'lastName' | 'company' | 'title' | 'profileUrl' | 'publicIdentifier'> | null;
  campaign: { id: string; name: string } | null;
  account: { id: string; name: string; status: string } | null;
  replyText: string | null;
}

/** Loads events of one client with their context; events of another client are never returned. */
export async function loadEventContexts(db: DbOrTx, clientId: string, eventIds: number[]): Promise<EventContext[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .select({
      event: events,
      lead: {
        id: leads.id,
        firstName: leads.firstName,
        lastName: leads.lastName,
        company: leads.company,
        title: leads.title,
        profileUrl: leads.profileUrl,
        publicIdentifier: leads.publicIdentifier,
      },
      campaign: { id: campaigns.id, name: campaigns.name },
      account: { id: linkedinAccounts.id, name: linkedinAccounts.name, status: linkedinAccounts.status },
      messageText: messages.text,
    })
    .from(events)
    .leftJoin(leads, eq(leads.id, events.leadId))
    .leftJoin(campaigns, eq(campaigns.id, events.campaignId))
    .leftJoin(linkedinAccounts, eq(linkedinAccounts.id, events.linkedinAccountId))
    .leftJoin(messages, and(eq(messages.linkedinAccountId, events.linkedinAccountId), eq(messages.externalMessageId, events.externalId)))
    .where(and(eq(events.clientId, clientId), inArray(events.id, eventIds)));
  return rows.map((r) => {
    const metaText = typeof r.event.meta.text === 'string' ? r.event.meta.text : null;
    return { event: r.event, lead: r.lead, campaign: r.campaign, account: r.account, replyText: metaText ?? r.messageText ?? null };
  });
}

/** One event of the client with its context, or null. */
export async function loadEventContext(db: DbOrTx, clientId: string, eventId: number): Promise<EventContext | null> {
  const [context] = await loadEventContexts(db, clientId, [eventId]);
  return context ?? null;
}
