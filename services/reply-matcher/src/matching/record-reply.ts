import {
  cancelQueuedActions,
  fileInboxMessage,
  findReplyEvent,
  lockLeadAndPerson,
  transitionLead,
  writeReply,
  type Db,
  type DeliveryResult,
  type Detection,
  type LinkedinAccount,
} from '@outreach/db';
import { isActiveLeadStatus } from '@outreach/domain';
import type { NormalizedMessage } from '@outreach/unipile';
import type { LeadMatch } from './resolve-lead';

export interface RecordedReply {
  eventId: number;
  created: boolean;
  leadId: string;
  clientId: string;
  stoppedLeadIds: string[];
  cancelledJobIds: string[];
  /** A new inbound message in an assigned conversation: its assignee is to be told. */
  assigneeMessageId: string | null;
}

const TEXT_LIMIT = 4000;

/** The people a delivery names (sender and attendees), the account itself marked `is_self`. */
export function participantsOf(msg: NormalizedMessage, ownId: string | null) {
  const seen = new Map<string, { providerId: string; name: string | null; profileUrl: string | null; isSelf: boolean }>();
  for (const p of [msg.sender, ...msg.attendees]) {
    if (!p?.providerId || seen.has(p.providerId)) continue;
    seen.set(p.providerId, { providerId: p.providerId, name: p.name, profileUrl: p.profileUrl, isSelf: p.providerId === ownId });
  }
  return [...seen.values()];
}

/**
 * Records a reply in one transaction: the message, one `message_received` event (unique per lead
 * and message), the lead → `responded` (the lifecycle's `replied`, in `writeReply`'s one statement),
 * every other active lead of the same person in the client → `skipped` (`replied_in_other_campaign`,
 * through `transitionLead`), and their queued sends cancelled. The lead row is locked first, as the sender locks it
 * before a send, so a reply and a send for the same lead never interleave.
 * Safe to run again for the same message: every write is guarded.
 */
export async function recordReply(
  db: Db,
  input: {
    account: LinkedinAccount;
    msg: NormalizedMessage;
    externalId: string;
    match: LeadMatch & { lead: NonNullable<LeadMatch['lead']> };
    detection: Detection;
    /** The webhook delivery whose outcome is written with the reply, in the same statement and commit. */
    delivery?: { id: string; result: DeliveryResult };
  },
): Promise<RecordedReply> {
  const { account, msg, externalId, match, detection } = input;
  return db.transaction(async (tx) => {
    // The same person may be a lead in other campaigns of this client: a reply to one stops all.
    const person = {
      providerId: match.lead.providerId ?? match.learnt.providerId,
      memberId: match.lead.memberId ?? match.learnt.memberId,
      publicIdentifier: match.lead.publicIdentifier ?? match.learnt.publicIdentifier,
    };
    const locked = await lockLeadAndPerson(tx, match.lead.clientId, match.lead.id, person);
    const lead = locked.lead;
    if (!lead) throw new Error(`lead ${match.lead.id} vanished while recording a reply`);

    const meta = {
      detection,
      method: detection === 'webhook' ? 'unipile_webhook' : 'unipile_messages_api',
      chat_id: msg.chatId ?? undefined,
      unipile_message_id: externalId,
      provider_message_id: msg.providerMessageId ?? undefined,
      match_key: match.matchKey,
      step: lead.currentStep,
      text: msg.text?.slice(0, TEXT_LIMIT) ?? null,
      attachment_count: msg.attachments.length,
    };
    const newEventId = await writeReply(tx, {
      clientId: lead.clientId,
      campaignId: lead.campaignId,
      leadId: lead.id,
      leadStatus: lead.status,
      linkedinAccountId: account.id,
      chatId: msg.chatId ?? '',
      externalMessageId: externalId,
      providerMessageId: msg.providerMessageId,
      senderProviderId: match.learnt.providerId,
      text: msg.text,
      attachments: msg.attachments,
      sentAt: msg.timestamp,
      detection,
      meta,
      learnt: { ...match.learnt, conversationId: msg.chatId },
      delivery: input.delivery,
    });
    // The inbox's copy: one more small statement in this transaction (the conversation and its outbox event).
    const filed = await fileInboxMessage(tx, {
      clientId: lead.clientId,
      linkedinAccountId: account.id,
      chatId: msg.chatId ?? '',
      externalMessageId: externalId,
      direction: 'inbound',
      origin: 'prospect',
      sentAt: msg.timestamp,
      text: msg.text,
      leadId: lead.id,
      campaignId: lead.campaignId,
      participants: participantsOf(msg, account.providerUserId),
    });
    const eventId = newEventId ?? (await findReplyEvent(tx, lead.id, externalId))?.id;
    if (eventId === undefined) throw new Error(`reply event of lead ${lead.id} for ${externalId} neither inserted nor found`);

    const others = locked.others.filter((o) => isActiveLeadStatus(o.status));
    for (const other of others) {
      await transitionLead(tx, other, 'skipped', 'replied_in_other_campaign', {
        accountId: account.id,
        set: { stopReason: 'replied_in_other_campaign', nextActionAt: null },
        meta: { replied_lead_id: lead.id, detection },
      });
    }

    // A lead that was not active has nothing queued; skip the round trip.
    const cancellable = [...(isActiveLeadStatus(lead.status) ? [lead.id] : []), ...others.map((o) => o.id)];
    const cancelledJobIds = await cancelQueuedActions(tx, cancellable, 'lead_replied');
    return {
      eventId,
      created: newEventId !== null,
      leadId: lead.id,
      clientId: lead.clientId,
      stoppedLeadIds: others.map((o) => o.id),
      cancelledJobIds,
      assigneeMessageId: filed?.messageId && filed.assigneeUserId ? filed.messageId : null,
    };
  });
}
