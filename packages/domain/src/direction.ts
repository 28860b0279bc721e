export type Direction = 'inbound' | 'outbound' | 'unknown';

/**
 * Who sent a message. `is_sender` decides when present; when it is missing or null, the sender's
 * provider id is compared with the account's own LinkedIn id. Unknown means: fetch the message.
 */
export function decideDirection(input: {
  isSender: boolean | null;
  senderProviderId: string | null;
  accountUserId: string | null;
}): Direction {
  if (input.isSender === true) return 'outbound';
  if (input.isSender === false) return 'inbound';
  if (!input.senderProviderId || !input.accountUserId) return 'unknown';
  return input.senderProviderId === input.accountUserId ? 'outbound' : 'inbound';
}
