import { createHash, randomUUID } from 'node:crypto';

export type DeliveryKind = 'messaging' | 'users' | 'account_status' | 'unknown';

export const MESSAGING_EVENTS = [
  'message_received',
  'message_read',
  'message_reaction',
  'message_edited',
  'message_deleted',
  'message_delivered',
] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * Decides what a delivery is from its shape alone, never from the URL it came in on: a messaging
 * webhook once pointed at the users URL in production and every reply sent there was lost.
 */
export function classifyDelivery(body: unknown): DeliveryKind {
  if (!isRecord(body)) return 'unknown';
  if (isRecord(body.AccountStatus)) return 'account_status';
  if (body.event === 'new_relation') return 'users';
  if (typeof body.event === 'string' && (MESSAGING_EVENTS as readonly string[]).includes(body.event)) return 'messaging';
  return 'unknown';
}

/**
 * The idempotency key of a delivery: Unipile's retries of one delivery share it, distinct facts do not.
 * - message_received: event + account + message id.
 * - other messaging events add the timestamp and reaction, since one message is read, edited or
 *   reacted to many times.
 * - new_relation: relation + account + user.
 * - account status carries no id, and the same status may legitimately repeat: never deduped.
 * - unknown kinds: a hash of the body, so a retried unknown delivery is stored once.
 */
export function deriveDeliveryKey(kind: DeliveryKind, body: unknown): string {
  const b = isRecord(body) ? body : {};
  switch (kind) {
    case 'messaging': {
      const base = `${str(b.event)}:${str(b.account_id)}:${str(b.message_id) || str(b.provider_message_id)}`;
      if (b.event === 'message_received') return base;
      const reactor = isRecord(b.reaction_sender) ? str(b.reaction_sender.attendee_provider_id) : '';
      return `${base}:${str(b.timestamp)}:${str(b.reaction)}:${reactor}`;
    }
    case 'users':
      return `new_relation:${str(b.account_id)}:${str(b.user_provider_id) || str(b.user_public_identifier)}`;
    case 'account_status':
      return `account_status:${isRecord(b.AccountStatus) ? str(b.AccountStatus.account_id) : ''}:${randomUUID()}`;
    case 'unknown':
      return `unknown:${createHash('sha256')
        .update(JSON.stringify(body ?? null))
        .digest('hex')}`;
  }
}
