import { QUEUES } from '@outreach/queues';
import { runService, startOpsServer, type RunningService } from '@outreach/runtime';
import { loadMatcherConfig } from './config';
import { createDeps } from './deps';
import { processSyncReplyPollers } from './processors/sync-reply-pollers';
import { startMatcherWorkers } from './workers';

/** Boot only: connections, workers, the start log line. runService owns the shutdown. */
async function start(): Promise<RunningService> {
  const config = loadMatcherConfig();
  const deps = createDeps(config);
  const workers = await startMatcherWorkers(deps, {
    connection: deps.redis,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.REPLY_MATCHER_CONCURRENCY,
    lockDurationMs: config.REPLY_MATCHER_LOCK_MS,
    pollerSyncEveryMs: config.REPLY_POLLER_SYNC_SECONDS * 1000,
  });
  const pollers = await processSyncReplyPollers(deps);
  deps.logger.info('reply-matcher started', { concurrency: config.REPLY_MATCHER_CONCURRENCY, pollers });
  const ops = await startOpsServer({
    port: config.METRICS_PORT,
    queues: [QUEUES.unipileDeliveries, QUEUES.replyBackfill, QUEUES.connectionSync],
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

runService('reply-matcher', start);
