import type { Request, RequestHandler } from 'express';
import { httpStart, observeHttp } from '@outreach/metrics';

/** Mounted apps whose inner routes are not ours to enumerate: one label each. */
const MOUNTS = ['/admin/queues', '/docs'];

/** The route template a request matched (`/api/leads/:id`), a mount, or `unmatched`: never the raw URL. */
function routeOf(req: Request): string {
  const mount = MOUNTS.find((m) => req.originalUrl === m || req.originalUrl.startsWith(`${m}/`) || req.originalUrl.startsWith(`${m}?`));
  if (mount) return mount;
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : 'unmatched';
}

/** HTTP RED metrics: every answered request by method, route template and status (`outreach_http_*`). */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const startedAt = httpStart();
    res.once('finish', () => observeHttp(req.method, routeOf(req), res.statusCode, startedAt));
    next();
  };
}
