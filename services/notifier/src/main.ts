import { QUEUES } from '@outreach/queues';
import { runService, startOpsServer, type RunningService } from '@outreach/runtime';
import { loadNotifierConfig } from './config';
import { createDeps } from './deps';
import { startNotifierWorkers } from './workers';

/** Boot only: connections, workers, the start log line. runService owns the shutdown. */
async function start(): Promise<RunningService> {
  const config = loadNotifierConfig();
  const deps = createDeps(config);
  const workers = await startNotifierWorkers(deps, {
    connection: deps.redis,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.NOTIFIER_CONCURRENCY,
    lockDurationMs: config.NOTIFIER_LOCK_MS,
  });
  deps.logger.info('notifier started', {
    concurrency: config.NOTIFIER_CONCURRENCY,
    transport: deps.transport.name,
    notifications_enabled: config.NOTIFICATIONS_ENABLED,
  });
  if (deps.transport.name === 'outbox')
    deps.logger.warn('RESEND_API_KEY is not set: emails are kept in the outbox (GET /api/admin/outbox), not sent');
  const ops = await startOpsServer({
    port: config.METRICS_PORT,
    queues: [QUEUES.notifications],
    redisUrl: config.REDIS_URL,
    queuePrefix: config.QUEUE_PREFIX,
    db: deps.db,
    stallMs: config.LIVENESS_STALL_SECONDS * 1000,
    metricsToken: config.METRICS_TOKEN,
    logger: deps.logger,
  });
  return {
    logger: deps.logger,
    graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000,
    // The probes answer while jobs drain; the ops server closes last.
    stop: async () => {
      await workers.close();
      await deps.close();
      await ops.close();
    },
  };
}

runService('notifier', start);
