import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Whether an `Authorization` header may read `/metrics`: anyone when no token is configured. */
export function metricsAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const presented = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  // Compared as digests: equal length, constant time, whatever was presented.
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}
