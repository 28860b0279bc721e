import type { GatewayDeps } from '../deps';
import type { RouteDefiner } from '../http/route';

// TODO(issue 3): routes of this group are being built.
export function registerLeadRoutes(_route: RouteDefiner, _deps: GatewayDeps): void {}
