import { pingDatabase } from '@outreach/db';
import { exposition, metricsAllowed } from '@outreach/metrics';
import type { GatewayDeps } from '../deps';
import { ApiError } from '../http/errors';
import { z } from '../http/openapi';
import type { RouteDefiner } from '../http/route';

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

export function registerHealthRoutes(route: RouteDefiner, deps: GatewayDeps): void {
  route(
    {
      method: 'get',
      path: '/healthz',
      summary: 'The process is up',
      tags: ['health'],
      access: 'public',
      response: z.object({ status: z.literal('ok') }),
    },
    async () => ({ status: 'ok' as const }),
  );
  route(
    {
      method: 'get',
      path: '/readyz',
      errors: [503],
      summary: 'Postgres and Redis answer',
      tags: ['health'],
      access: 'public',
      response: z.object({ status: z.literal('ok'), postgres: z.literal('ok'), redis: z.literal('ok') }),
    },
    async () => {
      const [pg, redis] = await Promise.allSettled([withTimeout(pingDatabase(deps.db), 1000), withTimeout(deps.redis.ping(), 1000)]);
      if (pg.status === 'rejected' || redis.status === 'rejected') {
        throw new ApiError(503, 'unavailable', 'not ready', {
          postgres: pg.status === 'fulfilled' ? 'ok' : 'down',
          redis: redis.status === 'fulfilled' ? 'ok' : 'down',
        });
      }
      return { status: 'ok' as const, postgres: 'ok' as const, redis: 'ok' as const };
    },
  );
  route(
    {
      method: 'get',
      path: '/metrics',
      summary:
        'Prometheus metrics of this process (no tenant data: labels are route, queue and outcome names); with METRICS_TOKEN set, send it as a bearer token',
      tags: ['health'],
      access: 'public',
      response: z.string().openapi({ description: 'Prometheus text exposition format 0.0.4' }),
      responseContentType: 'text/plain; version=0.0.4',
      errors: [401],
    },
    async ({ req, res }) => {
      if (!metricsAllowed(req.headers.authorization, deps.metricsToken))
        throw new ApiError(401, 'unauthorized', 'missing or invalid bearer token (METRICS_TOKEN)');
      const { contentType, body } = await exposition();
      res.status(200).type(contentType).send(body);
    },
  );
}
