import { loadSenderConfig } from './config';
import { createDeps } from './deps';
import { startSenderWorkers } from './workers';

/** Boot and shutdown only. */
async function main(): Promise<void> {
  const config = loadSenderConfig();
  const deps = createDeps(config);
  const workers = startSenderWorkers(deps, { connection: deps.redis, prefix: config.QUEUE_PREFIX, concurrency: config.OUTBOUND_SENDER_CONCURRENCY, lockDurationMs: config.OUTBOUND_SENDER_LOCK_MS });
  deps.logger.info('outbound-sender started', { concurrency: config.OUTBOUND_SENDER_CONCURRENCY });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('shutting down: finishing the sends in hand', { signal });
    setTimeout(() => process.exit(1), 25_000).unref();
    await workers.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`outbound-sender failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
