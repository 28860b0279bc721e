import type { GatewayDeps } from '../deps';
import type { RouteDefiner } from '../http/route';
import { registerLeadDiagnosticsRoute } from './leads/diagnostics-route';
import { registerLeadImportRoutes } from './leads/import-routes';
import { registerLeadItemRoutes } from './leads/item-routes';

/** Leads: uploads (JSON, CSV), the campaign's list, one lead, and its diagnostics. */
export function registerLeadRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  registerLeadImportRoutes(route, deps);
  registerLeadItemRoutes(route, deps);
  registerLeadDiagnosticsRoute(route, deps);
}
