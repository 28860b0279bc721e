import { runService, type RunningService } from '@outreach/runtime';
import { loadReporterConfig } from './config';
import { createDeps } from './deps';
import { startReporterWorkers } from './workers';

/** Boot only: connections, workers, the start log line. runService owns the shutdown. */
async function start(): Promise<RunningService> {
  const config = loadReporterConfig();
  const deps = createDeps(config);
  const workers = await startReporterWorkers(deps, {
    connection: deps.redis,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.REPORTER_CONCURRENCY,
    planEveryMs: config.REPORT_PLAN_EVERY_SECONDS * 1000,
    rollupEveryMs: config.ANALYTICS_ROLLUP_EVERY_SECONDS * 1000,
  });
  deps.logger.info('reporter started', {
    transport: deps.transport.name,
    weekly_reports_enabled: config.WEEKLY_REPORTS_ENABLED,
    plan_every_seconds: config.REPORT_PLAN_EVERY_SECONDS,
  });
  if (!config.WEEKLY_REPORTS_ENABLED) deps.logger.warn('WEEKLY_REPORTS_ENABLED=false: no weekly report will be planned or sent');
  return {
    logger: deps.logger,
    stop: async () => {
      await workers.close();
      await deps.close();
    },
  };
}

runService('reporter', start, { stoppingMessage: 'finishing reports in hand' });
