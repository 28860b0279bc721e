import { runService, type RunningService } from '@outreach/runtime';
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
  return {
    logger: deps.logger,
    stop: async () => {
      await workers.close();
      await deps.close();
    },
  };
}

runService('outbound-sender', start, { stoppingMessage: 'finishing the sends in hand' });
