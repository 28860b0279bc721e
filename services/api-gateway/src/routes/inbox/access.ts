import { findConversation, type InboxScope } from '@outreach/db';
import type { AuthContext } from '../../auth/context';
import { ApiError, notFound } from '../../http/errors';
import type { GatewayDeps } from '../../deps';

/** The caller's inbox scope: their client (every client for admins) and their user id. */
export function inboxScope(auth: AuthContext): InboxScope {
  if (auth.role !== 'admin' && !auth.clientId) throw new ApiError(403, 'forbidden', 'this account belongs to no client');
  return { clientId: auth.role === 'admin' ? null : auth.clientId, userId: auth.userId };
}

/** The scope narrowed to one client: an admin's pick, or a non-admin's own client (another client's id is a 404). */
export function narrowToClient(scope: InboxScope, clientId: string | undefined): InboxScope {
  if (clientId === undefined) return scope;
  if (scope.clientId !== null && scope.clientId !== clientId) throw notFound('client');
  return { ...scope, clientId };
}

/** A conversation of the caller's tenant, or 404 (another client's id answers as if it did not exist). */
export async function conversationOr404(deps: GatewayDeps, auth: AuthContext, id: string) {
  const found = await findConversation(deps.db, inboxScope(auth), id);
  if (!found) throw notFound('conversation');
  return found;
}

/** Read state and `assignee=me` belong to a person: API keys have none. */
export function requireUser(auth: AuthContext, what: string): string {
  if (!auth.userId)
    throw new ApiError(400, 'validation_failed', `${what} needs a user; API keys have no read state or assignments of their own`);
  return auth.userId;
}
