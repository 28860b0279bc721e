import { sql } from 'drizzle-orm';
import type { LeadStatus } from '@outreach/domain';
import type { DbOrTx } from '../client';
import { rows } from '../rows';
import type { DeliveryResult } from './deliveries';
import { leadTransitionSql } from './lead-transitions';

export interface ReplyWrite {
  clientId: string;
  campaignId: string;
  leadId: string;
  /** The lead's status as read under its row lock: the reply moves it to `responded` unless it is already. */
  leadStatus: LeadStatus;
  linkedinAccountId: string;
  chatId: string;
  externalMessageId: string;
  providerMessageId: string | null;
  senderProviderId: string | null;
  text: string | null;
  attachments: unknown[];
  sentAt: Date;
  detection: string;
  meta: Record<string, unknown>;
  /** Identifiers learnt while matching, filled in where the lead has none. */
  learnt: { providerId: string | null; memberId: string | null; publicIdentifier: string | null; conversationId: string | null };
  /** The webhook delivery to mark with the outcome in the same statement, when there is one. */
  delivery?: { id: string; result: DeliveryResult };
}

/**
 * Writes a reply in one statement (the caller holds the lead's row lock): the message, the
 * `message_received` event (unique per lead and message: a repeat inserts nothing), the lead →
 * `responded` with its missing identifiers, and the delivery's outcome. One round trip instead of
 * four on the platform's hottest write path. The status change is the lifecycle's `replied`
 * transition (checked against its table, guarded by the locked status) and the event's meta names
 * it (`from`, `to`, `reason`); a lead already `responded` only gains identifiers. An identifier is
 * only filled in when no other lead of the campaign already has it (the campaign's unique indexes
 * would refuse it).
 * Returns the new event's id, or null when the event already existed.
 */
export async function writeReply(tx: DbOrTx, w: ReplyWrite): Promise<number | null> {
  const d = w.delivery;
  const t = w.leadStatus === 'responded' ? null : leadTransitionSql(w.leadStatus, 'responded', 'replied');
  const [first] = await rows<{ event_id: number | string | null }>(
    tx,
    sql`
    with message as (
      insert into messages (client_id, linkedin_account_id, lead_id, chat_id, external_message_id, provider_message_id, direction, sender_provider_id, text, attachments, sent_at, detection)
      values (${w.clientId}, ${w.linkedinAccountId}, ${w.leadId}, ${w.chatId}, ${w.externalMessageId}, ${w.providerMessageId}, 'inbound', ${w.senderProviderId}, ${w.text}, ${JSON.stringify(w.attachments)}::jsonb, ${w.sentAt.toISOString()}::timestamptz, ${w.detection})
      on conflict do nothing
    ), lead as (
      update leads l set
        provider_id = coalesce(l.provider_id, case when exists (select 1 from leads o where o.campaign_id = l.campaign_id and o.provider_id = ${w.learnt.providerId}::text) then null else ${w.learnt.providerId}::text end),
        public_identifier = coalesce(l.public_identifier, case when exists (select 1 from leads o where o.campaign_id = l.campaign_id and o.public_identifier = ${w.learnt.publicIdentifier}::text) then null else ${w.learnt.publicIdentifier}::text end),
        member_id = coalesce(l.member_id, ${w.learnt.memberId}::text),
        conversation_id = coalesce(l.conversation_id, ${w.learnt.conversationId}::text),
        ${t ? sql`${t.set},` : sql``}
        replied_at = coalesce(l.replied_at, ${w.sentAt.toISOString()}::timestamptz),
        next_action_at = null,
        updated_at = now()
      where l.id = ${w.leadId} and ${t?.guard ?? sql`true`}
      returning l.id
    ), event as (
      insert into events (client_id, campaign_id, lead_id, linkedin_account_id, type, external_id, occurred_at, meta)
      values (${w.clientId}, ${w.campaignId}, ${w.leadId}, ${w.linkedinAccountId}, 'message_received', ${w.externalMessageId}, ${w.sentAt.toISOString()}::timestamptz,
              ${JSON.stringify(w.meta)}::jsonb || coalesce((select ${JSON.stringify(t?.meta ?? {})}::jsonb from lead), '{}'::jsonb))
      on conflict do nothing
      returning id
    ), delivery as (
      update webhook_deliveries set
        outcome = ${d?.result.outcome ?? 'pending'}, processed_at = now(), client_id = ${d?.result.clientId ?? null}::uuid,
        lead_id = ${d?.result.leadId ?? null}::uuid, match_key = ${d?.result.matchKey ?? null}, tried_keys = ${JSON.stringify(d?.result.triedKeys ?? [])}::jsonb, last_error = null
      where id = ${d?.id ?? null}::uuid
    )
    select (select id from event) as event_id`,
  );
  return first?.event_id === null || first?.event_id === undefined ? null : Number(first.event_id);
}
