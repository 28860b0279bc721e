// Unipile webhook bodies in the shape of real captures (shared/unipile/reference.md §3), for tests and benchmarks.

export interface PersonLike {
  provider_id: string;
  member_id: string;
  first_name: string;
  last_name: string;
}

/** An attendee exactly as Unipile's real `message_received` captures show it. */
export const attendee = (p: PersonLike, memberUrn = `urn:li:member:${p.member_id}`) => ({
  attendee_id: `att-${p.provider_id.slice(-8)}`,
  attendee_provider_id: p.provider_id,
  attendee_name: `${p.first_name} ${p.last_name}`,
  attendee_profile_url: `https://www.linkedin.com/in/${p.provider_id}`,
  attendee_specifics: { provider: 'LINKEDIN', member_urn: memberUrn, occupation: 'CEO', is_company: false, network_distance: 'DISTANCE_1' },
  attendee_public_identifier: null,
});

/** The real capture's shape (shared/unipile/reference.md §3), for one inbound message. */
export function messageReceived(input: {
  accountId: string;
  ownId: string;
  from: PersonLike;
  chatId: string;
  messageId: string;
  text?: string | null;
  isSender?: boolean;
}) {
  const prospect = attendee(input.from);
  return {
    event: 'message_received',
    account_id: input.accountId,
    account_type: 'LINKEDIN',
    account_info: { type: 'LINKEDIN', feature: 'classic', user_id: input.ownId },
    webhook_name: 'outreach-messaging',
    chat_id: input.chatId,
    attendees: [prospect],
    sender: prospect,
    subject: null,
    message: input.text === undefined ? 'Thanks, interested!' : input.text,
    message_id: input.messageId,
    timestamp: new Date().toISOString(),
    attachments: [],
    is_sender: input.isSender ?? false,
    provider_chat_id: `2-${input.chatId}`,
    provider_message_id: `2-${input.messageId}`,
    is_event: 0,
    chat_pinned: 0,
    quoted: null,
    reply_to: null,
    is_forwarded: null,
    chat_content_type: null,
    message_type: 'MESSAGE',
    is_group: false,
    folder: ['INBOX', 'INBOX_LINKEDIN_CLASSIC'],
    event_type: null,
  };
}
