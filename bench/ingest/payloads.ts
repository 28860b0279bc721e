import { messageReceived } from '@outreach/testing';
import { classifyDelivery, deriveDeliveryKey } from '@outreach/unipile';

/** A seeded prospect as the webhooks show them. */
export interface BenchLead {
  providerId: string;
  memberId: string;
  firstName: string;
  lastName: string;
}

export interface BenchAccount {
  unipileAccountId: string;
  providerUserId: string;
}

/** One inbound `message_received` webhook from `lead`, in the shape of Unipile's real captures. */
export function messageReceivedBody(account: BenchAccount, lead: BenchLead, messageId: string): Record<string, unknown> {
  return messageReceived({
    accountId: account.unipileAccountId,
    ownId: account.providerUserId,
    from: { provider_id: lead.providerId, member_id: lead.memberId, first_name: lead.firstName, last_name: lead.lastName },
    chatId: `bench-chat-${lead.providerId.slice(-12)}`,
    messageId,
    text: `Thanks ${lead.firstName}, happy to talk next week. (${messageId})`,
  });
}

/** The delivery key webhook-ingest derives (and reply-matcher stores) for a body. */
export const deliveryKeyOf = (body: unknown): string => deriveDeliveryKey(classifyDelivery(body), body);
