import { createHash, randomBytes } from 'node:crypto';

/** Only a SHA-256 of a key is stored: keys are long random strings, so a fast hash is enough. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A new key `ok_<prefix>_<secret>`; the prefix is shown in lists so operators can tell keys apart. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(4).toString('hex');
  const key = `ok_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}
