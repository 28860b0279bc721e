import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Returns a constant-time checker for the shared secret Unipile sends in a custom header (Unipile
 * signs nothing). Both sides are hashed first so neither the content nor the length leaks through
 * timing.
 */
export function createSecretCheck(secret: string): (presented: string | undefined) => boolean {
  const expected = createHash('sha256').update(secret).digest();
  return (presented) => {
    if (typeof presented !== 'string' || presented.length === 0) return false;
    return timingSafeEqual(createHash('sha256').update(presented).digest(), expected);
  };
}
