import { loadNotifierConfig } from './config';
import { createDeps } from './deps';
import { startNotifierWorkers } from './workers';

/** Boot and shutdown only. */
async function main(): Promise<void> {
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
  if (deps.transport.name === 'outbox') deps.logger.warn('RESEND_API_KEY is not set: emails are kept in the outbox (GET /api/admin/outbox), not sent');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('shutting down: finishing jobs in hand', { signal });
    setTimeout(() => process.exit(1), 25_000).unref();
    await workers.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`notifier failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
