import http, { type Server } from 'node:http';
import type { Logger } from '@outreach/logger';
import { createProxy, isProxied } from './proxy';
import { createStaticHandler } from './static';

export interface DashboardServerOptions {
  gatewayUrl: string;
  staticDir: string;
  logger: Logger;
}

/** The dashboard's server: the built app, and the gateway behind the same origin (no CORS, no token elsewhere). */
export function createDashboardServer(options: DashboardServerOptions): Server {
  const proxy = createProxy(options.gatewayUrl, options.logger);
  const serveStatic = createStaticHandler(options.staticDir);
  return http.createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    if (isProxied(pathname)) {
      proxy(req, res);
      return;
    }
    serveStatic(req, res).catch((err: unknown) => {
      options.logger.error('static file failed', { err, path: pathname });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal', message: 'The file could not be read' } }));
    });
  });
}
