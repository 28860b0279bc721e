import { loadReporterConfig } from './config';
import { createDeps } from './deps';
import { startReporterWorkers } from './workers';

/** Boot and shutdown only. */
async function main(): Promise<void> {
  const config = loadReporterConfig();
  const deps = createDeps(config);
  const workers = await startReporterWorkers(deps, {
    connection: deps.redis,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.REPORTER_CONCURRENCY,
    planEveryMs: config.REPORT_PLAN_EVERY_SECONDS * 1000,
  });
  deps.logger.info('reporter started', {
    transport: deps.transport.name,
    weekly_reports_enabled: config.WEEKLY_REPORTS_ENABLED,
    plan_every_seconds: config.REPORT_PLAN_EVERY_SECONDS,
  });
  if (!config.WEEKLY_REPORTS_ENABLED) deps.logger.warn('WEEKLY_REPORTS_ENABLED=false: no weekly report will be planned or sent');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('shutting down: finishing reports in hand', { signal });
    setTimeout(() => process.exit(1), 25_000).unref();
    await workers.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`reporter failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
