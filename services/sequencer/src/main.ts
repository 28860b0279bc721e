import { runService } from '@outreach/runtime';
import { loadSequencerConfig } from './config';
import { createDeps } from './deps';
import { startSequencerWorkers } from './workers';

/** Boot and shutdown only. */
runService(
  'sequencer',
  async () => {
    const config = loadSequencerConfig();
    const deps = createDeps(config);
    const workers = await startSequencerWorkers(deps, { connection: deps.redis, prefix: config.QUEUE_PREFIX, tickEveryMs: config.SEQUENCER_TICK_SECONDS * 1000 });
    deps.logger.info('sequencer started', { tick_seconds: config.SEQUENCER_TICK_SECONDS, batch_size: config.SEQUENCER_BATCH_SIZE });
    return { logger: deps.logger, stop: async () => { await workers.close(); await deps.close(); } };
  },
  { stoppingMessage: 'finishing the tick in hand' },
);
