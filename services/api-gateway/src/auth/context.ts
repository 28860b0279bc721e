import type { UserRole } from '@outreach/db';

/** Who is calling. `clientId` null means every client (admins only). */
export interface AuthContext {
  kind: 'user' | 'api_key' | 'anonymous';
  role: UserRole;
  clientId: string | null;
  userId: string | null;
}

/**
 * The client a caller may act on. Admins may name any client (or none, meaning all); everyone
 * else is pinned to their own, whatever they ask for.
 */
export function clientScope(auth: AuthContext): string | null {
  return auth.role === 'admin' ? null : auth.clientId;
}
