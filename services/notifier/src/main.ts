import { runService, type RunningService } from '@outreach/runtime';
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
  return {
    logger: deps.logger,
    stop: async () => {
      await workers.close();
      await deps.close();
    },
  };
}

runService('notifier', start);
