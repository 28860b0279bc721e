import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomAlphabet(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE64URL_ALPHABET[randomInt(BASE64URL_ALPHABET.length)];
  return out;
}

/** A Unipile object id (accounts, chats, messages, attendees, webhooks): 22 url-safe chars, like `fFl27we2Rqa0eSbwIKX9hw`. */
export const newUnipileId = (): string => randomBytes(16).toString('base64url');

/** A LinkedIn classic provider id, 39 chars starting with `ACoAA` like the real ones. */
export const newProviderId = (): string => `ACoAA${randomAlphabet(34)}`;

/** A numeric LinkedIn member id (the `urn:li:member:N` number), 9 digits. */
export const newMemberId = (): string => String(randomInt(100_000_000, 1_000_000_000));

/** A LinkedIn invitation id: a 19-digit number as a string, like `7224673722165518336`. */
export const newInvitationId = (): string =>
  `7${String(randomInt(100_000_000, 1_000_000_000))}${String(randomInt(100_000_000, 1_000_000_000))}`;

/** A LinkedIn messaging provider id (`2-<base64>`), used for chats and messages. */
export const newMessagingProviderId = (): string => `2-${Buffer.from(`${randomUUID()}_100`).toString('base64')}`;

/** A random opaque token for hosted-auth links. */
export const newToken = (): string => randomBytes(18).toString('base64url');

/** A vanity slug like `ana-silva-4f2a1b`, derived from a name so logs stay readable. */
export function newPublicIdentifier(firstName: string, lastName: string): string {
  const base = `${firstName}-${lastName}`
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${base || 'member'}-${randomBytes(3).toString('hex')}`;
}

/** A random integer in the inclusive range, for behaviour delays. */
export const randomBetween = (min: number, max: number): number => (max <= min ? min : randomInt(min, max + 1));
