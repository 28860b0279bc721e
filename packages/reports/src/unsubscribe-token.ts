import { createHmac, timingSafeEqual } from 'node:crypto';

export type UnsubscribeList = 'weekly_report';
export interface UnsubscribeClaim {
  clientId: string;
  email: string;
  list: UnsubscribeList;
}

/**
 * The secret development and test processes share when UNSUBSCRIBE_SECRET is unset, so links the
 * reporter signs locally verify in the local gateway. Production configs refuse to start without
 * a real secret.
 */
export const DEV_UNSUBSCRIBE_SECRET = 'outreach-dev-unsubscribe-secret';

/** UNSUBSCRIBE_SECRET when set; otherwise the development value, which production never accepts. */
export function resolveUnsubscribeSecret(config: { NODE_ENV: string; UNSUBSCRIBE_SECRET?: string | undefined }): string {
  if (config.UNSUBSCRIBE_SECRET) return config.UNSUBSCRIBE_SECRET;
  if (config.NODE_ENV === 'production') throw new Error('UNSUBSCRIBE_SECRET is required in production');
  return DEV_UNSUBSCRIBE_SECRET;
}

// Short list codes keep the link short; the version prefix separates this MAC from any other use of the secret.
const LIST_CODES: Record<UnsubscribeList, string> = { weekly_report: 'w' };
const DOMAIN = 'outreach.unsubscribe.v1';

const mac = (secret: string, payload: string): Buffer => createHmac('sha256', secret).update(`${DOMAIN}.${payload}`).digest();

/**
 * Signs an unsubscribe link's token: `base64url(JSON [clientId, email, list]) . base64url(HMAC-SHA256)`.
 * The address is lower-cased and trimmed, as unsubscribes are stored. Tokens do not expire: an
 * unsubscribe link in an old email must keep working, and using one only ever removes mail.
 */
export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(JSON.stringify([claim.clientId, claim.email.trim().toLowerCase(), LIST_CODES[claim.list]])).toString(
    'base64url',
  );
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claim of a token this secret signed, or null when it is malformed or its signature does not match. */
export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.indexOf('.', dot + 1) !== -1) return null;
  const payload = token.slice(0, dot);
  // Compared as text, not decoded bytes: base64 ignores the spare bits of its last character, so
  // two different strings can decode to the same MAC, and an altered token must never verify.
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, payload).toString('base64url'));
  // timingSafeEqual throws on unequal lengths; the length of a SHA-256 MAC is public anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return decodeClaim(payload);
}

function decodeClaim(payload: string): UnsubscribeClaim | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [clientId, email, code] = parsed as unknown[];
  const list = (Object.keys(LIST_CODES) as UnsubscribeList[]).find((l) => LIST_CODES[l] === code);
  if (typeof clientId !== 'string' || typeof email !== 'string' || !list) return null;
  return { clientId, email, list };
}
