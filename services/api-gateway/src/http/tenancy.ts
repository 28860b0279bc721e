import { eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { AuthContext } from '../auth/context';
import { ApiError, notFound } from './errors';

/**
 * The tenant condition for a query on a table with a `client_id` column: nothing for admins (every
 * client), the caller's own client for everyone else. Every query on tenant data goes through it,
 * so a row of another client is simply not found (404), never forbidden (which would confirm it exists).
 */
export function tenantWhere(auth: AuthContext, clientColumn: PgColumn): SQL | undefined {
  if (auth.role === 'admin') return undefined;
  if (!auth.clientId) throw new ApiError(403, 'forbidden', 'this account belongs to no client');
  return eq(clientColumn, auth.clientId);
}

/**
 * The client a new row belongs to. Admins must say which (`client_id`); everyone else creates in
 * their own client, and naming another one answers 404 as if it did not exist.
 */
export function clientForCreate(auth: AuthContext, requested: string | undefined): string {
  if (auth.role === 'admin') {
    if (!requested)
      throw new ApiError(400, 'validation_failed', 'body.client_id: required for admins', [
        { location: 'body', path: 'client_id', message: 'required for admins' },
      ]);
    return requested;
  }
  if (!auth.clientId) throw new ApiError(403, 'forbidden', 'this account belongs to no client');
  if (requested && requested !== auth.clientId) throw notFound('client');
  return auth.clientId;
}
