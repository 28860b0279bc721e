import type { GatewayDeps } from '../deps';
import type { RouteDefiner } from '../http/route';
import { registerConnectRoutes } from './linkedin-accounts/connect';
import { registerAccountCrudRoutes } from './linkedin-accounts/crud';

/**
 * `/api/linkedin-accounts`: CRUD (tenant-scoped; `status` is read-only, Unipile's account-status
 * deliveries own it) and hosted-auth connection with its public Unipile callback.
 */
export function registerLinkedinAccountRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  // Connect first: its fixed paths must not be read as `/:id`.
  registerConnectRoutes(route, deps);
  registerAccountCrudRoutes(route, deps);
}
