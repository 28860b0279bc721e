import type { UnipileMessage } from '../client/schemas';

/** A person as a payload describes them; any field may be missing. */
export interface Participant {
  providerId: string | null;
  name: string | null;
  publicIdentifier: string | null;
  /** As sent: numeric, `urn:li:member:N` or `urn:li:fsd_profile:ACo…`. */
  memberUrn: string | null;
  profileUrl: string | null;
}

/** A message event, from a webhook or from the REST API, in one shape. */
export interface NormalizedMessage {
  event: string;
  accountId: string;
  chatId: string | null;
  messageId: string | null;
  providerMessageId: string | null;
  text: string | null;
  timestamp: Date;
  /** true = sent by the account, false = received, null = the payload did not say. */
  isSender: boolean | null;
  /** The account's own LinkedIn provider id when the payload carries it. */
  accountUserId: string | null;
  sender: Participant | null;
  attendees: Participant[];
  attachments: unknown[];
  reaction: string | null;
}

export interface NewRelation {
  accountId: string;
  providerId: string | null;
  publicIdentifier: string | null;
  fullName: string | null;
  profileUrl: string | null;
}

export interface AccountStatusChange {
  accountId: string;
  status: string;
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null);

/** Webhooks send booleans, REST sends 0|1, and some payloads omit it: null means unknown. */
export function parseIsSender(v: unknown): boolean | null {
  if (v === true || v === 1 || v === 'true' || v === '1') return true;
  if (v === false || v === 0 || v === 'false' || v === '0') return false;
  return null;
}

function participant(v: unknown): Participant | null {
  if (!isRecord(v)) return null;
  const specifics = isRecord(v.attendee_specifics) ? v.attendee_specifics : {};
  const p: Participant = {
    providerId: s(v.attendee_provider_id) ?? s(v.provider_id),
    name: s(v.attendee_name) ?? s(v.name),
    publicIdentifier: s(v.attendee_public_identifier) ?? s(v.public_identifier),
    memberUrn: s(specifics.member_urn) ?? s(v.member_urn),
    profileUrl: s(v.attendee_profile_url) ?? s(v.profile_url),
  };
  return p.providerId || p.publicIdentifier || p.memberUrn || p.profileUrl ? p : null;
}

/** The documented example sends one attachment object with string fields; live sends an array. */
function attachmentsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isRecord(v)) return [v];
  return [];
}

function dateOf(v: unknown, fallback: Date): Date {
  const d = typeof v === 'string' || typeof v === 'number' ? new Date(v) : fallback;
  return Number.isNaN(d.getTime()) ? fallback : d;
}

/** Reads a messaging webhook body defensively; null when it lacks the account id. */
export function normalizeMessagingWebhook(body: unknown, receivedAt: Date): NormalizedMessage | null {
  if (!isRecord(body)) return null;
  const accountId = s(body.account_id);
  if (!accountId) return null;
  const info = isRecord(body.account_info) ? body.account_info : {};
  return {
    event: s(body.event) ?? 'unknown',
    accountId,
    chatId: s(body.chat_id),
    messageId: s(body.message_id),
    providerMessageId: s(body.provider_message_id),
    text: typeof body.message === 'string' ? body.message : null,
    timestamp: dateOf(body.timestamp, receivedAt),
    isSender: parseIsSender(body.is_sender),
    accountUserId: s(info.user_id),
    sender: participant(body.sender),
    attendees: Array.isArray(body.attendees) ? body.attendees.map(participant).filter((p): p is Participant => p !== null) : [],
    attachments: attachmentsOf(body.attachments),
    reaction: s(body.reaction),
  };
}

/** A REST message (polling) in the webhook's shape; the sender is known only by provider id. */
export function normalizeRestMessage(m: UnipileMessage): NormalizedMessage {
  return {
    event: 'message_received',
    accountId: m.account_id,
    chatId: m.chat_id,
    messageId: m.id,
    providerMessageId: m.provider_id ?? null,
    text: m.text ?? null,
    timestamp: dateOf(m.timestamp, new Date()),
    isSender: m.is_sender,
    accountUserId: null,
    sender: m.sender_id ? { providerId: m.sender_id, name: null, publicIdentifier: null, memberUrn: null, profileUrl: null } : null,
    attendees: [],
    attachments: m.attachments ?? [],
    reaction: null,
  };
}

export function normalizeNewRelation(body: unknown): NewRelation | null {
  if (!isRecord(body) || !s(body.account_id)) return null;
  return {
    accountId: s(body.account_id) as string,
    providerId: s(body.user_provider_id),
    publicIdentifier: s(body.user_public_identifier),
    fullName: s(body.user_full_name),
    profileUrl: s(body.user_profile_url),
  };
}

export function normalizeAccountStatus(body: unknown): AccountStatusChange | null {
  if (!isRecord(body) || !isRecord(body.AccountStatus)) return null;
  const accountId = s(body.AccountStatus.account_id);
  const status = s(body.AccountStatus.message);
  return accountId && status ? { accountId, status: status.toUpperCase() } : null;
}
