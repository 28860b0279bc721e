import type { UserRole } from '@outreach/db';

/** Who is calling. `clientId` null means every client (admins only). */
export interface AuthContext {
  kind: 'user' | 'api_key' | 'anonymous';
  role: UserRole;
  clientId: string | null;
  userId: string | null;
}
