import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { outboundActions, type EventType } from '../schema';
import { leadTransitionSql, type LeadInState } from './lead-transitions';

/** What a sent step did: an invitation, or a message in a chat. */
export type SentStep =
  | { kind: 'invite'; invitationId: string | null; nextActionAt: Date | null }
  | { kind: 'message'; chatId: string | null; messageId: string | null; nextActionAt: Date };

export interface StepSentWrite {
  lead: LeadInState;
  accountId: string;
  actionId: string;
  step: number;
  sent: SentStep;
  /** The step's event meta (ids, text, `reconciled`); `method`, `step`, `from`, `to` and `reason` are added. */
  meta: Record<string, unknown>;
  at: Date;
}

const ts = (d: Date | null) => d?.toISOString() ?? null;

/**
 * The three writes of a successful step in one statement (the sender's hot path, where each round
 * trip showed in bench/sender): the action → `sent`, the lead's transition (`invite_sent` or
 * `messaged`, checked against the lifecycle table and guarded by the status the sender locked), and
 * the step's one event, whose meta names the transition when the lead moved. A lead that left its
 * status anyway keeps its row as it is; the action and the event are still recorded, as the step did go out.
 */
export async function writeStepSent(tx: DbOrTx, w: StepSentWrite): Promise<void> {
  const at = w.at.toISOString();
  const s = w.sent;
  const t =
    s.kind === 'invite'
      ? leadTransitionSql(w.lead.status, 'invite_sent', 'invite_sent')
      : leadTransitionSql(w.lead.status, 'messaged', 'message_sent');
  const type: EventType = s.kind === 'invite' ? 'connection_request_sent' : 'message_sent';
  const externalId = s.kind === 'invite' ? s.invitationId : s.messageId;
  const actionSet =
    s.kind === 'invite' ? sql`invitation_id = ${s.invitationId}` : sql`chat_id = ${s.chatId}, unipile_message_id = ${s.messageId}`;
  const leadSet =
    s.kind === 'invite'
      ? sql`invite_sent_at = ${at}::timestamptz, next_action_at = ${ts(s.nextActionAt)}::timestamptz`
      : sql`next_action_at = ${ts(s.nextActionAt)}::timestamptz, conversation_id = coalesce(${s.chatId}, conversation_id)`;
  await tx.execute(sql`
    with action as (
      update outbound_actions set status = 'sent', sent_at = ${at}::timestamptz, updated_at = now(), ${actionSet}
       where id = ${w.actionId}::uuid returning id
    ), lead as (
      update leads set last_step_sent_at = ${at}::timestamptz, current_step = ${w.step + 1}, error_code = null, error_message = null,
             updated_at = now(), ${leadSet}, ${t.set}
       where id = ${w.lead.id}::uuid and ${t.guard} returning id
    )
    insert into events (client_id, campaign_id, lead_id, linkedin_account_id, type, external_id, occurred_at, meta)
    values (${w.lead.clientId}::uuid, ${w.lead.campaignId}::uuid, ${w.lead.id}::uuid, ${w.accountId}::uuid, ${type}::event_type,
            ${externalId}, ${at}::timestamptz,
            ${JSON.stringify({ method: 'unipile_api', step: w.step, ...w.meta })}::jsonb
              || coalesce((select ${JSON.stringify(t.meta)}::jsonb from lead), '{}'::jsonb))
  `);
}

/** An action's final status with what it produced (invitation id, error). */
export async function finishAction(
  tx: DbOrTx,
  actionId: string,
  status: 'sent' | 'failed' | 'cancelled',
  fields: Pick<Partial<typeof outboundActions.$inferInsert>, 'invitationId' | 'errorCode' | 'errorMessage' | 'sentAt'> = {},
): Promise<void> {
  const now = new Date();
  await tx
    .update(outboundActions)
    .set({ ...fields, status, ...(status === 'sent' ? { sentAt: fields.sentAt ?? now } : {}), updatedAt: now })
    .where(eq(outboundActions.id, actionId));
}

/** An action that will not be sent (a reply, a stop, a pause overtook it), unless it already ended. */
export async function cancelAction(tx: DbOrTx, actionId: string, reason: string, at: Date = new Date()): Promise<void> {
  await tx
    .update(outboundActions)
    .set({ status: 'cancelled', errorCode: reason, updatedAt: at })
    .where(and(eq(outboundActions.id, actionId), inArray(outboundActions.status, ['queued', 'sending'])));
}

/** A claimed action goes back to `queued`: the call provably did not reach LinkedIn. */
export async function releaseClaim(tx: DbOrTx, actionId: string, reason: string): Promise<void> {
  await tx
    .update(outboundActions)
    .set({ status: 'queued', errorCode: reason, updatedAt: new Date() })
    .where(and(eq(outboundActions.id, actionId), eq(outboundActions.status, 'sending')));
}
