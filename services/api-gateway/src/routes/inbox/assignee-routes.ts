import type { GatewayDeps } from '../../deps';
import { ApiError } from '../../http/errors';
import { z } from '../../http/openapi';
import type { RouteDefiner } from '../../http/route';
import { inboxScope, narrowToClient } from './access';
import { listAssignees, MAX_ASSIGNEES } from './store';

const assigneesQuery = z
  .object({ client_id: z.uuid().optional().openapi({ description: 'Required for admins; others: their own client only' }) })
  .strict();

const assigneesResponse = z
  .object({
    items: z.array(z.object({ id: z.uuid(), email: z.string() })).openapi({ description: `By email, at most ${MAX_ASSIGNEES}` }),
  })
  .openapi('InboxAssignees');

/** The people a conversation can be assigned to, for agents too (the user list itself is for admins). */
export function registerInboxAssigneeRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  route(
    {
      method: 'get',
      path: '/api/inbox/assignees',
      summary: "The client's users a conversation can be assigned to (enabled, not viewers)",
      tags: ['inbox'],
      access: 'read',
      query: assigneesQuery,
      response: assigneesResponse,
    },
    async ({ query, auth }) => {
      const { clientId } = narrowToClient(inboxScope(auth), query.client_id);
      if (!clientId)
        throw new ApiError(400, 'validation_failed', 'query.client_id: required for admins', [
          { location: 'query', path: 'client_id', message: 'required for admins' },
        ]);
      return { items: await listAssignees(deps.db, clientId) };
    },
  );
}
