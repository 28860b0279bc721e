import express, { Router, type Express } from 'express';
import swaggerUi from 'swagger-ui-express';
import { createAuthenticator } from './auth/authenticate';
import { createLoginLimiter } from './auth/login-limiter';
import type { GatewayDeps } from './deps';
import { mountBullBoard } from './http/bull-board';
import { createErrorHandler, notFoundHandler } from './http/errors';
import { httpMetrics } from './http/http-metrics';
import { securityHeaders } from './http/security-headers';
import { createRegistry, generateDocument } from './http/openapi';
import { createRouteDefiner } from './http/route';
import { registerAdminRoutes } from './routes/admin';
import { registerAnalyticsRoutes } from './routes/analytics';
import { registerApiKeyRoutes } from './routes/api-keys';
import { registerAuthRoutes } from './routes/auth';
import { registerAutomationRoutes } from './routes/automation';
import { registerCampaignRoutes } from './routes/campaigns';
import { registerInboxRoutes } from './routes/inbox';
import { registerLeadRoutes } from './routes/leads';
import { registerLinkedinAccountRoutes } from './routes/linkedin-accounts';
import { registerUserRoutes } from './routes/users';
import { registerClientRoutes } from './routes/clients';
import { registerHealthRoutes } from './routes/health';
import { registerNotificationSettingsRoutes } from './routes/notification-settings';
import { registerNotificationRoutes } from './routes/notifications';
import { registerReportRoutes } from './routes/reports';
import { registerUnsubscribeRoutes } from './routes/unsubscribe';

/** Builds the gateway. No side effects beyond the app itself: main.ts owns listening and shutdown. */
export function createGatewayApp(deps: GatewayDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');
  app.use(securityHeaders());
  app.use(httpMetrics());
  // No app-wide body parser: each route reads its body after authentication, with its own limit.

  const router = Router();
  const registry = createRegistry();
  const authenticate = createAuthenticator(deps.db, deps.tokens);
  const route = createRouteDefiner(router, registry, authenticate);
  const limiter = createLoginLimiter(deps.redis, { ...deps.login, prefix: deps.queuePrefix });

  registerHealthRoutes(route, deps);
  registerAuthRoutes(route, deps, limiter);
  registerClientRoutes(route, deps);
  registerUserRoutes(route, deps);
  registerApiKeyRoutes(route, deps);
  registerLinkedinAccountRoutes(route, deps);
  registerCampaignRoutes(route, deps);
  registerAutomationRoutes(route, deps);
  registerLeadRoutes(route, deps);
  registerAdminRoutes(route, deps);
  registerNotificationSettingsRoutes(route, deps);
  registerNotificationRoutes(route, deps);
  registerReportRoutes(route, deps);
  registerAnalyticsRoutes(route, deps);
  registerUnsubscribeRoutes(route, deps);
  registerInboxRoutes(route, deps);

  const document = generateDocument(registry);
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Outreach platform API' }));
  mountBullBoard(app, deps, authenticate);
  app.use(router);
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
