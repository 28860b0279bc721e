import type { Server } from 'node:http';
import { resolveUnipileTarget } from '@outreach/config';
import { countAccountsByStatus, createDatabase } from '@outreach/db';
import { watchAccountStatuses, watchQueues } from '@outreach/metrics';
import { createLogger } from '@outreach/logger';
import { closeQueues, connectRedis, createQueues } from '@outreach/queues';
import { resolveUnsubscribeSecret } from '@outreach/reports';
import { createUnipileClient } from '@outreach/unipile';
import { createGatewayApp } from './app';
import { ensureFirstAdmin } from './auth/first-admin';
import { loadGatewayConfig } from './config';

/** Boot and shutdown only. */
async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger('api-gateway', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' });
  const database = createDatabase(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const redis = connectRedis({ url: config.REDIS_URL, cluster: config.REDIS_CLUSTER }, 'producer');
  redis.on('error', (err) => logger.warn('redis error', { err }));
  const queues = createQueues(redis, config.QUEUE_PREFIX, logger);
  const target = resolveUnipileTarget(config);
  // /metrics: every queue's depth and the accounts by status, read on scrape (dashboards take max across gateways).
  watchQueues(Object.values(queues));
  watchAccountStatuses(() => countAccountsByStatus(database.db));

  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const created = await ensureFirstAdmin(database.db, config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    if (created) logger.info('first admin created', { email: config.ADMIN_EMAIL });
  }

  const app = createGatewayApp({
    db: database.db,
    redis,
    queues,
    unipile: createUnipileClient({ dsn: target.dsn, apiKey: target.apiKey, timeoutMs: config.UNIPILE_TIMEOUT_MS }),
    unipileDsn: target.dsn,
    logger,
    tokens: { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.JWT_TTL_SECONDS },
    login: { maxAttempts: config.LOGIN_MAX_ATTEMPTS, windowSeconds: config.LOGIN_WINDOW_SECONDS },
    trustProxy: config.TRUST_PROXY,
    metricsToken: config.METRICS_TOKEN,
    queuePrefix: config.QUEUE_PREFIX,
    publicIngestUrl: config.PUBLIC_INGEST_URL,
    publicApiUrl: config.PUBLIC_API_URL,
    webhook: { secret: config.UNIPILE_WEBHOOK_SECRET, header: config.UNIPILE_WEBHOOK_HEADER },
    email: { appBaseUrl: config.APP_BASE_URL, unsubscribeSecret: resolveUnsubscribeSecret(config) },
    notifications: {
      enabled: config.NOTIFICATIONS_ENABLED,
      weeklyReportsEnabled: config.WEEKLY_REPORTS_ENABLED,
      allowLocalHttpHooks: config.NODE_ENV !== 'production',
    },
  });
  const server: Server = app.listen(config.API_PORT, () => logger.info('api-gateway listening', { port: config.API_PORT }));

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    server.close(async () => {
      await closeQueues(queues);
      redis.disconnect();
      await database.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`api-gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
