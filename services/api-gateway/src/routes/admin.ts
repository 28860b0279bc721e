import type { GatewayDeps } from '../deps';
import type { RouteDefiner } from '../http/route';
import { registerAnalyticsBackfillRoutes } from './admin/analytics-backfill';
import { registerOutboxRoutes } from './admin/outbox';
import { registerRecoveryRoutes } from './admin/recovery';
import { registerAdminSessionRoutes } from './admin/session';
import { registerWebhookAdminRoutes } from './admin/webhooks';

/** Operations routes, admins only: Unipile webhook hygiene, on-demand recovery, the Bull Board session, the email outbox. */
export function registerAdminRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  registerWebhookAdminRoutes(route, deps);
  registerRecoveryRoutes(route, deps);
  registerAnalyticsBackfillRoutes(route, deps);
  registerAdminSessionRoutes(route, deps);
  registerOutboxRoutes(route, deps);
}
