import { QUEUES } from '@outreach/queues';
import { runService, startOpsServer, type RunningService } from '@outreach/runtime';
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
  const ops = await startOpsServer({
    port: config.METRICS_PORT,
    queues: [QUEUES.weeklyReports, QUEUES.analyticsRollup],
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

runService('reporter', start, { stoppingMessage: 'finishing reports in hand' });
