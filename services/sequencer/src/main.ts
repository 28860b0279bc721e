import { runService, type RunningService } from '@outreach/runtime';
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
  return {
    logger: deps.logger,
    stop: async () => {
      await workers.close();
      await deps.close();
    },
  };
}

runService('sequencer', start, { stoppingMessage: 'finishing the tick in hand' });
