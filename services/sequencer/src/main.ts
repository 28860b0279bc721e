import { QUEUES } from '@outreach/queues';
import { runService, startOpsServer, type RunningService } from '@outreach/runtime';
import { loadSequencerConfig } from './config';
import { createDeps } from './deps';
import { startSequencerWorkers } from './workers';

/** Boot only: connections, workers, the start log line. runService owns the shutdown. */
async function start(): Promise<RunningService> {
  const config = loadSequencerConfig();
  const deps = createDeps(config);
  const workers = await startSequencerWorkers(deps, {
    connection: deps.redis,
    prefix: config.QUEUE_PREFIX,
    tickEveryMs: config.SEQUENCER_TICK_SECONDS * 1000,
  });
  deps.logger.info('sequencer started', { tick_seconds: config.SEQUENCER_TICK_SECONDS, batch_size: config.SEQUENCER_BATCH_SIZE });
  const ops = await startOpsServer({
    port: config.METRICS_PORT,
    queues: [QUEUES.sequenceTick],
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

runService('sequencer', start, { stoppingMessage: 'finishing the tick in hand' });
