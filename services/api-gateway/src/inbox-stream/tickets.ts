import { createHash, randomBytes } from 'node:crypto';
import type { RedisConnection } from '@outreach/queues';
import type { AuthContext } from '../auth/context';

/** EventSource cannot send headers: a short-lived, single-use ticket stands in for the token in the URL. */
export const TICKET_TTL_SECONDS = 60;

// Only a hash of the ticket is stored: a Redis dump does not hold usable credentials.
const keyOf = (prefix: string, ticket: string) => `${prefix}:inbox:ticket:${createHash('sha256').update(ticket).digest('hex')}`;

/** Issues a ticket for the caller's identity. */
export async function issueTicket(redis: RedisConnection, prefix: string, auth: AuthContext): Promise<{ ticket: string; expiresAt: Date }> {
  const ticket = randomBytes(32).toString('base64url');
  await redis.set(
    keyOf(prefix, ticket),
    JSON.stringify({ kind: auth.kind, role: auth.role, clientId: auth.clientId, userId: auth.userId }),
    'EX',
    TICKET_TTL_SECONDS,
  );
  return { ticket, expiresAt: new Date(Date.now() + TICKET_TTL_SECONDS * 1000) };
}

/** Redeems a ticket once (GETDEL is atomic: two redemptions cannot both succeed); null when unknown, used or expired. */
export async function redeemTicket(redis: RedisConnection, prefix: string, ticket: string): Promise<AuthContext | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) return null;
  const stored = await redis.getdel(keyOf(prefix, ticket));
  if (!stored) return null;
  return JSON.parse(stored) as AuthContext;
}
