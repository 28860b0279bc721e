import { createHash } from 'node:crypto';
import {
  fileInboxMessage,
  findClientLeadsBy,
  isSentInviteNote,
  rememberAccountUserId,
  storeMessage,
  type NewMessage,
  type DeliveryResult,
  type Detection,
  type LinkedinAccount,
} from '@outreach/db';
import { enqueue, notifyAssigneeJob, notifyReplyJob, wakeInboxRelay } from '@outreach/queues';
import type { NormalizedMessage, Participant } from '@outreach/unipile';
import type { MatcherDeps } from '../deps';
import { findSender, listAttendees, type SenderFinding } from './find-sender';
import { participantsOf, recordReply } from './record-reply';
import { replyLatency } from '@outreach/metrics';
import { resolveLead, type TriedKey } from './resolve-lead';

const CHAT_LEVEL_KEYS = new Set(['conversation_id', 'chat_attendee.provider_id']);

/** What processing one message decided, plus the fields of its one log line. */
export interface MessageOutcome extends DeliveryResult {
  log: Record<string, unknown>;
  /** The delivery row was already given this outcome, in the same transaction as the reply. */
  finished?: boolean;
}

/** Unipile's message id, or a stable stand-in when a payload lacks one. */
export function externalMessageId(msg: NormalizedMessage): string {
  return (
    msg.messageId ??
    msg.providerMessageId ??
    `hash-${createHash('sha256').update(`${msg.chatId}|${msg.timestamp.toISOString()}|${msg.text}`).digest('hex').slice(0, 32)}`
  );
}

/**
 * The one matching path for messages, shared by webhooks and polling: decide the direction, find
 * the sender, resolve the lead within the account's client, and record the reply.
 */
export async function handleMessage(
  deps: MatcherDeps,
  msg: NormalizedMessage,
  detection: Detection,
  deliveryId?: string,
  /** When webhook-ingest received the delivery; a polled message counts from its own timestamp. */
  receivedAt?: Date,
): Promise<MessageOutcome> {
  const baseLog = {
    event: msg.event,
    account: msg.accountId,
    chat: msg.chatId,
    message_id: msg.messageId,
    is_sender: msg.isSender,
    detection,
  };
  const account = await deps.accounts.byUnipileId(msg.accountId);
  if (!account) return { outcome: 'unknown_account', log: baseLog };
  if (msg.accountUserId && !account.providerUserId) await rememberAccountUserId(deps.db, account.id, msg.accountUserId);

  if (msg.event !== 'message_received') {
    // Reads, reactions, edits and deletions are kept on the delivery row and never count as replies.
    return { outcome: 'recorded', clientId: account.clientId, log: baseLog };
  }

  const finding = await findSender(deps.unipile, account, msg);
  const log = { ...baseLog, sender_id: finding.sender?.providerId ?? null, direction: finding.direction, fetched_chat: finding.fetched };
  const externalId = externalMessageId(msg);

  if (finding.direction === 'outbound') {
    await recordOwnMessage(deps, account, msg, externalId, finding, detection);
    return { outcome: 'own_message', clientId: account.clientId, log };
  }

  const person: Participant | null = finding.sender ?? (finding.others.length === 1 ? (finding.others[0] ?? null) : null);
  const match = await resolveLead(
    { db: deps.db, unipile: deps.unipile, account, chatId: msg.chatId, loadOthers: () => loadOthers(deps, msg.chatId, finding) },
    person,
  );
  const tried: TriedKey[] = match.tried;

  // With the direction unknown, only a match on the sender's own identity proves that they wrote
  // it; a chat-level match could be our own message. Polling (REST is_sender) settles it later.
  const matchedOnSender = person !== null && person === finding.sender && match.matchKey !== null && !CHAT_LEVEL_KEYS.has(match.matchKey);
  if (!match.lead || (finding.direction === 'unknown' && !matchedOnSender)) {
    const triedKeys = match.lead ? [...tried, { key: 'direction', value: 'unknown' }] : tried;
    // Kept (without a lead) so polling does not look it up again; the delivery row keeps the keys.
    await storeAndFile(
      deps,
      'prospect',
      {
        clientId: account.clientId,
        linkedinAccountId: account.id,
        chatId: msg.chatId ?? '',
        externalMessageId: externalId,
        providerMessageId: msg.providerMessageId,
        direction: 'inbound',
        senderProviderId: person?.providerId ?? null,
        text: msg.text,
        attachments: msg.attachments,
        sentAt: msg.timestamp,
        detection,
      },
      null,
      participantsOf(msg, finding.ownId),
    );
    return { outcome: 'unmatched', clientId: account.clientId, triedKeys, log: { ...log, tried_keys: triedKeys } };
  }

  const result = {
    outcome: 'matched' as const,
    clientId: match.lead.clientId,
    leadId: match.lead.id,
    matchKey: match.matchKey,
    triedKeys: tried,
  };
  const delivery = deliveryId ? { id: deliveryId, result } : undefined;
  const reply = await recordReply(deps.db, { account, msg, externalId, match: { ...match, lead: match.lead }, detection, delivery });
  if (reply.created) replyLatency.observe({ detection }, Math.max(0, Date.now() - (receivedAt ?? msg.timestamp).getTime()) / 1000);
  wakeInboxRelay(deps.queues);
  // Every queued send has its outbound_actions row (written before its job is enqueued): the
  // cancelled rows name every job to drop. A send already claimed re-reads the lead under lock.
  if (reply.cancelledJobIds.length > 0) await dropQueuedSends(deps, reply.cancelledJobIds);
  await enqueue(deps.queues, notifyReplyJob, { eventId: reply.eventId, leadId: reply.leadId, clientId: reply.clientId });
  if (reply.assigneeMessageId)
    await enqueue(deps.queues, notifyAssigneeJob, { messageId: reply.assigneeMessageId, clientId: reply.clientId });

  return {
    ...result,
    finished: delivery !== undefined,
    log: {
      ...log,
      match_key: match.matchKey,
      lead_id: reply.leadId,
      event_id: reply.eventId,
      new_event: reply.created,
      stopped_leads: reply.stoppedLeadIds.length,
    },
  };
}

async function loadOthers(deps: MatcherDeps, chatId: string | null, finding: SenderFinding): Promise<Participant[]> {
  if (finding.fetched || !chatId) return finding.others;
  const attendees = await listAttendees(deps.unipile, chatId);
  return attendees
    .filter((a) => a.is_self !== true && a.provider_id !== finding.ownId)
    .map((a) => ({
      providerId: a.provider_id,
      name: a.name ?? null,
      publicIdentifier: null,
      memberUrn: a.specifics?.member_urn ?? null,
      profileUrl: a.profile_url ?? null,
    }));
}

/** Our own message echoed back: stored as ours (the inbox shows it), never a reply. */
async function recordOwnMessage(
  deps: MatcherDeps,
  account: LinkedinAccount,
  msg: NormalizedMessage,
  externalId: string,
  finding: SenderFinding,
  detection: Detection,
) {
  const counterpart = finding.others.length === 1 ? finding.others[0] : undefined;
  const byChat = msg.chatId
    ? await findClientLeadsBy(deps.db, account.clientId, 'conversation_id', [msg.chatId], { linkedinAccountId: account.id })
    : [];
  const byPerson =
    byChat.length === 0 && counterpart?.providerId
      ? await findClientLeadsBy(deps.db, account.clientId, 'provider_id', [counterpart.providerId], {
          linkedinAccountId: account.id,
          conversationId: msg.chatId,
        })
      : [];
  const lead = byChat[0] ?? byPerson[0];
  // A message we sent ourselves was stored by the sender (origin sequence/inbox) and stays so; the
  // invitation's note, which LinkedIn puts at the head of the chat, was sent by the sequence too.
  const inviteNote = lead && msg.text ? await isSentInviteNote(deps.db, lead.id, msg.text) : false;
  await storeAndFile(
    deps,
    inviteNote ? 'sequence' : 'external_device',
    {
      clientId: account.clientId,
      linkedinAccountId: account.id,
      leadId: lead?.id ?? null,
      chatId: msg.chatId ?? '',
      externalMessageId: externalId,
      providerMessageId: msg.providerMessageId,
      direction: 'outbound',
      senderProviderId: finding.ownId,
      text: msg.text,
      attachments: msg.attachments,
      sentAt: msg.timestamp,
      detection,
    },
    lead?.campaignId ?? null,
    participantsOf(msg, finding.ownId),
  );
}

/** Stores a message that is not a reply and files it into its conversation, in one transaction. */
async function storeAndFile(
  deps: MatcherDeps,
  origin: 'prospect' | 'external_device' | 'sequence',
  message: NewMessage & { leadId?: string | null },
  campaignId: string | null,
  participants: ReturnType<typeof participantsOf>,
): Promise<void> {
  const filed = await deps.db.transaction(async (tx) => {
    await storeMessage(tx, { ...message, origin });
    return fileInboxMessage(tx, {
      clientId: message.clientId,
      linkedinAccountId: message.linkedinAccountId,
      chatId: message.chatId,
      externalMessageId: message.externalMessageId,
      direction: message.direction,
      origin,
      sentAt: message.sentAt,
      text: message.text ?? null,
      leadId: message.leadId ?? null,
      campaignId,
      participants,
    });
  });
  if (filed?.messageId) wakeInboxRelay(deps.queues);
  // An inbound message nobody's lead wrote still reaches the conversation's assignee.
  if (origin === 'prospect' && filed?.messageId && filed.assigneeUserId) {
    await enqueue(deps.queues, notifyAssigneeJob, { messageId: filed.messageId, clientId: message.clientId });
  }
}

/** Removes queued send jobs of leads that must not be contacted any more. Best effort: the sender re-checks under lock. */
async function dropQueuedSends(deps: MatcherDeps, jobIds: string[]): Promise<void> {
  await Promise.all(
    [...new Set(jobIds)].map((id) =>
      deps.queues.outboundActions.remove(id).catch((err: Error) => deps.logger.warn('could not remove queued send', { job_id: id, err })),
    ),
  );
}
