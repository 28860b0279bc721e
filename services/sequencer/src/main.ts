import { loadSequencerConfig } from './config';
import { createDeps } from './deps';
import { startSequencerWorkers } from './workers';

/** Boot and shutdown only. */
async function main(): Promise<void> {
  const config = loadSequencerConfig();
  const deps = createDeps(config);
  const workers = await startSequencerWorkers(deps, { connection: deps.redis, prefix: config.QUEUE_PREFIX, tickEveryMs: config.SEQUENCER_TICK_SECONDS * 1000 });
  deps.logger.info('sequencer started', { tick_seconds: config.SEQUENCER_TICK_SECONDS, batch_size: config.SEQUENCER_BATCH_SIZE });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('shutting down: finishing the tick in hand', { signal });
    setTimeout(() => process.exit(1), 25_000).unref();
    await workers.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`sequencer failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
