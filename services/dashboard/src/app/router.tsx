import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { Shell } from './components/shell';

const rootRoute = createRootRoute({ component: Shell });

// Each page is its own chunk: the first load carries the shell and the page it opens only.
const page = (load: () => Promise<Record<string, unknown>>, name: string) => lazyRouteComponent(load as never, name as never);

const index = createRoute({ getParentRoute: () => rootRoute, path: '/', component: page(() => import('./pages/home'), 'HomePage') });
const campaigns = createRoute({
  getParentRoute: () => rootRoute,
  path: '/campaigns',
  component: page(() => import('./pages/campaigns'), 'CampaignsPage'),
});
const newCampaign = createRoute({
  getParentRoute: () => rootRoute,
  path: '/campaigns/new',
  component: page(() => import('./pages/campaign-new'), 'NewCampaignPage'),
});
const campaign = createRoute({
  getParentRoute: () => rootRoute,
  path: '/campaigns/$campaignId',
  component: page(() => import('./pages/campaign'), 'CampaignPage'),
});
const importLeads = createRoute({
  getParentRoute: () => rootRoute,
  path: '/campaigns/$campaignId/import',
  component: page(() => import('./pages/lead-import'), 'LeadImportPage'),
});
const inbox = createRoute({ getParentRoute: () => rootRoute, path: '/inbox', component: page(() => import('./pages/inbox'), 'InboxPage') });
const accounts = createRoute({
  getParentRoute: () => rootRoute,
  path: '/accounts',
  component: page(() => import('./pages/accounts'), 'AccountsPage'),
});
const settings = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  component: page(() => import('./pages/settings'), 'SettingsPage'),
});
const admin = createRoute({ getParentRoute: () => rootRoute, path: '/admin', component: page(() => import('./pages/admin'), 'AdminPage') });

const analytics = createRoute({
  getParentRoute: () => rootRoute,
  path: '/analytics',
  component: page(() => import('./pages/analytics'), 'AnalyticsPage'),
});

const routeTree = rootRoute.addChildren([
  index,
  campaigns,
  newCampaign,
  campaign,
  importLeads,
  inbox,
  accounts,
  settings,
  admin,
  analytics,
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
