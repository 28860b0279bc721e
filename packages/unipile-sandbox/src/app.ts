import express, { type Express, type RequestHandler } from 'express';
import { accountsRouter } from './api/accounts';
import { chatsRouter } from './api/chats';
import { hostedApiRouter, hostedPageRouter } from './api/hosted';
import { messagesRouter } from './api/messages';
import { multipartMiddleware } from './api/multipart';
import { usersRouter } from './api/users';
import { webhooksRouter } from './api/webhooks';
import type { SandboxContext } from './context';
import { controlRouter } from './control/router';
import { errorHandler, MISSING_CREDENTIALS_BODY, notFoundHandler } from './errors';

const JSON_LIMIT = '15mb';

/** Express app for the Unipile API (`/api/v1`), the control API (`/_sandbox`) and the hosted-auth page. */
export function createApp(ctx: SandboxContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');

  const requireApiKey: RequestHandler = (req, res, next) => {
    if (req.header('x-api-key') === ctx.apiKey) next();
    else res.status(401).json(MISSING_CREDENTIALS_BODY);
  };
  const logRequests: RequestHandler = (req, res, next) => {
    res.on('finish', () => ctx.logger.debug('sandbox request', { method: req.method, path: req.path, status: res.statusCode }));
    next();
  };

  app.use(logRequests);
  app.use(hostedPageRouter(ctx));
  app.use(
    '/api/v1',
    requireApiKey,
    express.json({ limit: JSON_LIMIT }),
    multipartMiddleware,
    ctx.apiFaults.middleware(),
    accountsRouter(ctx),
    usersRouter(ctx),
    chatsRouter(ctx),
    messagesRouter(ctx),
    webhooksRouter(ctx),
    hostedApiRouter(ctx),
  );
  app.use('/_sandbox', requireApiKey, express.json({ limit: JSON_LIMIT }), controlRouter(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
