import { QUEUES } from '@outreach/queues';
import { runService, startOpsServer, type RunningService } from '@outreach/runtime';
import { loadSenderConfig } from './config';
import { createDeps } from './deps';
import { startSenderWorkers } from './workers';

/** Boot only: connections, workers, the start log line. runService owns the shutdown. */
async function start(): Promise<RunningService> {
  const config = loadSenderConfig();
  const deps = createDeps(config);
  const workers = startSenderWorkers(deps, {
    connection: deps.redis,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.OUTBOUND_SENDER_CONCURRENCY,
    lockDurationMs: config.OUTBOUND_SENDER_LOCK_MS,
  });
  deps.logger.info('outbound-sender started', { concurrency: config.OUTBOUND_SENDER_CONCURRENCY });
  const ops = await startOpsServer({
    port: config.METRICS_PORT,
    queues: [QUEUES.outboundActions],
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

runService('outbound-sender', start, { stoppingMessage: 'finishing the sends in hand' });
