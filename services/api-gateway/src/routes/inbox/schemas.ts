import { CONVERSATION_STATUSES, MESSAGE_ORIGINS, MESSAGE_STATUSES, type ConversationListRow, type InboxMessage } from '@outreach/db';
import { z } from '../../http/openapi';
import { timestamp } from '../../http/schemas';

const iso = (v: Date | string | null | undefined): string | null => (v === null || v === undefined ? null : new Date(v).toISOString());

export const conversationSchema = z
  .object({
    id: z.uuid(),
    client_id: z.uuid(),
    linkedin_account_id: z.uuid(),
    chat_id: z.string(),
    lead_id: z.uuid().nullable(),
    campaign_id: z.uuid().nullable(),
    status: z.enum(CONVERSATION_STATUSES),
    snooze_until: timestamp.nullable(),
    snooze_until_reply: z.boolean(),
    assignee_user_id: z.uuid().nullable(),
    labels: z.array(z.string()),
    last_message_at: timestamp,
    last_message_preview: z.string().nullable(),
    last_message_direction: z.enum(['inbound', 'outbound']).nullable(),
    unread: z.boolean().openapi({ description: 'For the caller: each user has their own read state' }),
    created_at: timestamp,
  })
  .openapi('InboxConversation');

type ConversationLike = Omit<ConversationListRow, 'cursor_at' | 'contact_name' | 'last_message_at' | 'created_at' | 'snooze_until'> & {
  last_message_at: Date | string;
  created_at: Date | string;
  snooze_until: Date | string | null;
};

export function presentConversation(c: ConversationLike): z.infer<typeof conversationSchema> {
  return {
    id: c.id,
    client_id: c.client_id,
    linkedin_account_id: c.linkedin_account_id,
    chat_id: c.chat_id,
    lead_id: c.lead_id,
    campaign_id: c.campaign_id,
    status: c.status,
    snooze_until: iso(c.snooze_until),
    snooze_until_reply: c.snooze_until_reply,
    assignee_user_id: c.assignee_user_id,
    labels: c.labels,
    last_message_at: iso(c.last_message_at)!,
    last_message_preview: c.last_message_preview,
    last_message_direction: c.last_message_direction,
    unread: c.unread,
    created_at: iso(c.created_at)!,
  };
}

/** A drizzle conversation row (camelCase) in the list's shape. */
export const fromRow = (
  c: {
    id: string;
    clientId: string;
    linkedinAccountId: string;
    chatId: string;
    leadId: string | null;
    campaignId: string | null;
    status: ConversationListRow['status'];
    snoozeUntil: Date | null;
    snoozeUntilReply: boolean;
    assigneeUserId: string | null;
    labels: string[];
    lastMessageAt: Date;
    lastMessagePreview: string | null;
    lastMessageDirection: 'inbound' | 'outbound' | null;
    createdAt: Date;
  },
  unread: boolean,
) =>
  presentConversation({
    id: c.id,
    client_id: c.clientId,
    linkedin_account_id: c.linkedinAccountId,
    chat_id: c.chatId,
    lead_id: c.leadId,
    campaign_id: c.campaignId,
    status: c.status,
    snooze_until: c.snoozeUntil,
    snooze_until_reply: c.snoozeUntilReply,
    assignee_user_id: c.assigneeUserId,
    labels: c.labels,
    last_message_at: c.lastMessageAt,
    last_message_preview: c.lastMessagePreview,
    last_message_direction: c.lastMessageDirection,
    created_at: c.createdAt,
    unread,
  });

export const attachmentSchema = z
  .object({
    id: z
      .string()
      .nullable()
      .openapi({ description: "Unipile's attachment id; null for an operator's reply (Unipile names only the message)" }),
    type: z.string().nullable().openapi({ description: '`img`, `video`, `audio`, `file` or `linkedin_post` (as Unipile classifies it)' }),
    file_name: z.string().nullable(),
    mimetype: z.string().nullable(),
    file_size: z.number().int().nullable().openapi({ description: 'Bytes, when known' }),
    unavailable: z.boolean().openapi({ description: 'LinkedIn no longer serves the file' }),
  })
  .openapi('InboxAttachment');

const textOf = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, 500) : null);
const sizeOf = (v: unknown): number | null => {
  // Unipile's documented webhook example sends numbers as strings ("150").
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
};

/** The attachment metadata a message carries, whichever way it was stored (Unipile's objects or a reply's). */
export function presentAttachments(stored: unknown[]): Array<z.infer<typeof attachmentSchema>> {
  return stored
    .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null && !Array.isArray(a))
    .map((a) => ({
      id: textOf(a.id),
      type: textOf(a.type),
      file_name: textOf(a.file_name),
      mimetype: textOf(a.mimetype),
      file_size: sizeOf(a.file_size),
      unavailable: a.unavailable === true || a.unavailable === 'true',
    }));
}

export const messageSchema = z
  .object({
    id: z.uuid(),
    conversation_id: z.uuid().nullable(),
    direction: z.enum(['inbound', 'outbound']),
    origin: z.enum(MESSAGE_ORIGINS),
    status: z.enum(MESSAGE_STATUSES),
    failure_reason: z.string().nullable(),
    text: z.string().nullable(),
    attachments: z.array(attachmentSchema),
    sender_provider_id: z.string().nullable(),
    sent_by_user_id: z.uuid().nullable(),
    external_message_id: z.string().nullable().openapi({ description: 'Unipile message id; null while an inbox reply is pending' }),
    sent_at: timestamp,
    created_at: timestamp,
  })
  .openapi('InboxMessage');

export function presentMessage(m: InboxMessage): z.infer<typeof messageSchema> {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    direction: m.direction,
    origin: m.origin,
    status: m.status,
    failure_reason: m.failureReason,
    text: m.text,
    attachments: presentAttachments(m.attachments),
    sender_provider_id: m.senderProviderId,
    sent_by_user_id: m.sentByUserId,
    external_message_id: m.status === 'sent' ? m.externalMessageId : null,
    sent_at: m.sentAt.toISOString(),
    created_at: m.createdAt.toISOString(),
  };
}

export const conversationListItemSchema = conversationSchema
  .extend({
    contact_name: z.string().nullable().openapi({ description: "The lead's name, else the contact's name as LinkedIn gave it" }),
  })
  .openapi('InboxConversationListItem');

export const presentListItem = (r: ConversationListRow): z.infer<typeof conversationListItemSchema> => ({
  ...presentConversation(r),
  contact_name: r.contact_name,
});

const statusCounts = z.object(
  Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof CONVERSATION_STATUSES)[number],
    z.ZodNumber
  >,
);

export const listResponse = z
  .object({
    items: z.array(conversationListItemSchema),
    next_cursor: z.string().nullable().openapi({ description: 'null on the last page' }),
    meta: z.object({
      status: statusCounts.openapi({ description: 'Conversations per status under every filter but `status`' }),
      assignee: z
        .object({ me: z.number().int(), unassigned: z.number().int(), all: z.number().int() })
        .openapi({ description: 'Conversations per assignee bucket under every filter but `assignee`' }),
    }),
  })
  .openapi('InboxConversationPage');

export const countersResponse = z
  .object({
    unread: z.object(
      Object.fromEntries(
        CONVERSATION_STATUSES.map((s) => [s, z.object({ all: z.number().int(), me: z.number().int(), unassigned: z.number().int() })]),
      ) as Record<(typeof CONVERSATION_STATUSES)[number], z.ZodObject<{ all: z.ZodNumber; me: z.ZodNumber; unassigned: z.ZodNumber }>>,
    ),
  })
  .openapi('InboxCounters');

export const participantSchema = z.object({
  provider_id: z.string(),
  name: z.string().nullable(),
  profile_url: z.string().nullable(),
  is_self: z.boolean(),
});

export const conversationDetailSchema = conversationSchema
  .extend({
    participants: z.array(participantSchema),
    lead: z
      .object({
        id: z.uuid(),
        first_name: z.string().nullable(),
        last_name: z.string().nullable(),
        company: z.string().nullable(),
        title: z.string().nullable(),
        profile_url: z.string().nullable(),
        status: z.string(),
      })
      .nullable(),
    campaign: z.object({ id: z.uuid(), name: z.string(), status: z.string() }).nullable(),
    // A union, not `.nullable()`: that would mark the shared InboxMessage component itself nullable.
    last_message: z.union([messageSchema, z.null()]),
  })
  .openapi('InboxConversationDetail');
