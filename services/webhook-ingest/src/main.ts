import type { Server } from 'node:http';
import { createLogger } from '@outreach/logger';
import { closeQueues, connectRedis, createQueues } from '@outreach/queues';
import { loadIngestConfig } from './config';
import { createIngestServer } from './http/server';

/** Boot and shutdown only. */
async function main(): Promise<void> {
  const config = loadIngestConfig();
  const logger = createLogger('webhook-ingest', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' });
  const redis = connectRedis({ url: config.REDIS_URL, cluster: config.REDIS_CLUSTER }, 'producer');
  redis.on('error', (err) => logger.warn('redis error', { err }));
  const queues = createQueues(redis, config.QUEUE_PREFIX, logger);

  const server: Server = createIngestServer({
    secret: config.UNIPILE_WEBHOOK_SECRET,
    secretHeader: config.UNIPILE_WEBHOOK_HEADER,
    bodyLimitBytes: config.INGEST_BODY_LIMIT,
    enqueueTimeoutMs: config.INGEST_ENQUEUE_TIMEOUT_MS,
    metricsToken: config.METRICS_TOKEN,
    queue: queues.unipileDeliveries,
    redis,
    logger,
  });
  server.listen(config.INGEST_PORT, () => logger.info('webhook-ingest listening', { port: config.INGEST_PORT }));
  server.keepAliveTimeout = 65_000;

  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    // Stop accepting first; requests in flight finish (and are acknowledged) before Redis closes.
    server.close(async () => {
      await closeQueues(queues);
      redis.disconnect();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`webhook-ingest failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
