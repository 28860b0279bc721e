import { z } from 'zod';

// Response schemas name only the fields we read, and let everything else through: Unipile adds
// fields freely and we must not break when it does.

const nullableString = z.string().nullable().optional();

export const accountSchema = z.looseObject({
  object: z.literal('Account').optional(),
  id: z.string(),
  name: z.string().nullable().optional(),
  type: z.string().optional(),
  sources: z.array(z.looseObject({ id: z.string(), status: z.string() })).optional(),
  connection_params: z
    .looseObject({ im: z.looseObject({ id: z.string().optional(), publicIdentifier: nullableString }).optional() })
    .optional(),
});
export type UnipileAccount = z.infer<typeof accountSchema>;

export const profileSchema = z.looseObject({
  provider_id: z.string(),
  public_identifier: nullableString,
  member_urn: nullableString,
  first_name: nullableString,
  last_name: nullableString,
  headline: nullableString,
  network_distance: nullableString,
  is_relationship: z.boolean().optional(),
});
export type UnipileProfile = z.infer<typeof profileSchema>;

export const invitationSentSchema = z.looseObject({
  object: z.literal('UserInvitationSent'),
  invitation_id: z.string(),
  usage: z.number().optional(),
});

export const sentInvitationSchema = z.looseObject({
  id: z.string(),
  invited_user_id: nullableString,
  invited_user_public_id: nullableString,
  parsed_datetime: nullableString,
});
export type UnipileSentInvitation = z.infer<typeof sentInvitationSchema>;

export const relationSchema = z.looseObject({
  member_id: z.string(),
  public_identifier: nullableString,
  member_urn: nullableString,
  first_name: nullableString,
  last_name: nullableString,
  created_at: z.number().nullable().optional(),
});
export type UnipileRelation = z.infer<typeof relationSchema>;

export const chatSchema = z.looseObject({
  id: z.string(),
  account_id: z.string(),
  attendee_provider_id: nullableString,
  type: z.number().optional(),
  timestamp: nullableString,
});
export type UnipileChat = z.infer<typeof chatSchema>;

/** REST messages use 0|1 for booleans, unlike webhooks. */
const zeroOne = z.union([z.literal(0), z.literal(1), z.boolean()]).transform((v) => v === 1 || v === true);

export const messageSchema = z.looseObject({
  id: z.string(),
  account_id: z.string(),
  chat_id: z.string(),
  provider_id: nullableString,
  sender_id: nullableString,
  text: nullableString,
  timestamp: z.string(),
  is_sender: zeroOne,
  attachments: z.array(z.unknown()).optional(),
});
export type UnipileMessage = z.infer<typeof messageSchema>;

export const attendeeSchema = z.looseObject({
  id: z.string(),
  provider_id: z.string(),
  name: nullableString,
  is_self: zeroOne.optional(),
  profile_url: nullableString,
  specifics: z.looseObject({ member_urn: nullableString }).nullable().optional(),
});
export type UnipileAttendee = z.infer<typeof attendeeSchema>;

export const chatStartedSchema = z.looseObject({
  object: z.literal('ChatStarted'),
  chat_id: z.string().nullable(),
  message_id: z.string().nullable(),
});
export const messageSentSchema = z.looseObject({ object: z.literal('MessageSent'), message_id: z.string().nullable() });

export const webhookSchema = z.looseObject({
  id: z.string(),
  name: nullableString,
  request_url: z.string(),
  source: nullableString,
  enabled: z.boolean().optional(),
  events: z.array(z.string()).nullable().optional(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});
export type UnipileWebhook = z.infer<typeof webhookSchema>;
export const webhookCreatedSchema = z.looseObject({ webhook_id: z.string() });

export const hostedAuthUrlSchema = z.looseObject({ object: z.literal('HostedAuthUrl'), url: z.string() });

/** `{object: "<X>List", items, cursor}`; `cursor: null` marks the last page. */
export const listOf = <T extends z.ZodType>(item: T) => z.looseObject({ items: z.array(item), cursor: z.string().nullable().optional() });

export interface Page<T> {
  items: T[];
  cursor: string | null;
}
