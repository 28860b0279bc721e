import type { GatewayDeps } from '../deps';
import type { RouteDefiner } from '../http/route';
import { registerInboxActionRoutes } from './inbox/action-routes';
import { registerInboxAssigneeRoutes } from './inbox/assignee-routes';
import { registerInboxReadRoutes } from './inbox/read-routes';
import { registerInboxReplyRoute } from './inbox/reply-route';
import { registerInboxStreamRoutes } from './inbox/stream-routes';

/** The unified inbox under `/api/inbox`: conversations, messages, triage. */
export function registerInboxRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  registerInboxReadRoutes(route, deps);
  registerInboxActionRoutes(route, deps);
  registerInboxAssigneeRoutes(route, deps);
  registerInboxReplyRoute(route, deps);
  registerInboxStreamRoutes(route, deps);
}
