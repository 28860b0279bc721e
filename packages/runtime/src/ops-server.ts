import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pingDatabase, type Db } from '@outreach/db';
import type { Logger } from '@outreach/logger';
import { exposition, metricsAllowed, watchQueues } from '@outreach/metrics';
import { closeQueues, createQueues, createRedisConnection, type QueueName } from '@outreach/queues';
import { createLivenessCheck, type LivenessReport } from './liveness';

export interface OpsServerOptions {
  /** METRICS_PORT; 0 picks a free one (tests, several processes on one host). */
  port: number;
  host?: string;
  /** The queues this process consumes: their counts are exported and the liveness check watches them. */
  queues: QueueName[];
  redisUrl: string;
  queuePrefix: string;
  /** Postgres for /readyz; absent for a service without a database. */
  db?: Db;
  /** METRICS_TOKEN: when set, /metrics wants it as a bearer token (the probes stay open). */
  metricsToken?: string;
  /** LIVENESS_STALL_SECONDS, in ms. */
  stallMs: number;
  logger: Logger;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
  /** The liveness check /livez answers with (tests read it directly too). */
  liveness(): Promise<LivenessReport>;
}

const PROBE_TIMEOUT_MS = 1000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A worker's small HTTP server: `/metrics` (the process's registry, queue counts read on scrape),
 * `/healthz` (the process is up), `/readyz` (Postgres and Redis answer) and `/livez` (503 when work
 * waits on a consumed queue but no job started or finished for the stall limit). It reads Redis over
 * a fail-fast connection of its own, so a wedged worker connection cannot hang the probes.
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const redis = createRedisConnection(options.redisUrl, 'producer');
  redis.on('error', () => {
    // Readiness reports it; the worker connection's own listener logs Redis outages once.
  });
  const queues = createQueues(redis, options.queuePrefix, options.logger);
  const consumed = Object.values(queues).filter((q) => options.queues.includes(q.name as QueueName));
  const unwatch = watchQueues(consumed);
  const liveness = createLivenessCheck({ queues: consumed, stallMs: options.stallMs });

  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const ready = async () => {
    const [pg, rd] = await Promise.allSettled([
      options.db ? withTimeout(pingDatabase(options.db), PROBE_TIMEOUT_MS) : Promise.resolve(),
      withTimeout(redis.ping(), PROBE_TIMEOUT_MS),
    ]);
    return {
      ...(options.db ? { postgres: pg.status === 'fulfilled' ? 'ok' : 'down' } : {}),
      redis: rd.status === 'fulfilled' ? 'ok' : 'down',
    };
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handle = async () => {
      if (req.method !== 'GET') return json(res, 405, { error: { code: 'method_not_allowed', message: 'GET only' } });
      if (path === '/healthz') return json(res, 200, { status: 'ok' });
      if (path === '/readyz') {
        const deps = await ready();
        const ok = Object.values(deps).every((v) => v === 'ok');
        return json(res, ok ? 200 : 503, { status: ok ? 'ok' : 'not_ready', ...deps });
      }
      if (path === '/livez') {
        const report = await liveness();
        return json(res, report.ok ? 200 : 503, { status: report.ok ? 'ok' : 'stalled', queues: report.queues });
      }
      if (path === '/metrics') {
        if (!metricsAllowed(req.headers.authorization, options.metricsToken))
          return json(res, 401, { error: { code: 'unauthorized', message: 'missing or invalid bearer token (METRICS_TOKEN)' } });
        await liveness();
        const { contentType, body } = await exposition();
        res.writeHead(200, { 'content-type': contentType });
        return res.end(body);
      }
      return json(res, 404, { error: { code: 'not_found', message: 'no such route: /metrics, /healthz, /readyz, /livez' } });
    };
    handle().catch((err: unknown) => {
      options.logger.error('ops endpoint failed', { path, err });
      if (!res.headersSent) json(res, 500, { error: { code: 'internal_error', message: 'internal error' } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  options.logger.info('metrics and health listening', { port, queues: options.queues });

  return {
    port,
    liveness,
    async close() {
      unwatch();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A scraper's keep-alive connection would otherwise hold close() open.
      server.closeAllConnections();
      await closed;
      await closeQueues(queues);
      redis.disconnect();
    },
  };
}
