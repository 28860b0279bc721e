import { loadMatcherConfig } from './config';
import { createDeps } from './deps';
import { processSyncReplyPollers } from './processors/sync-reply-pollers';
import { startMatcherWorkers } from './workers';

/** Boot and shutdown only. */
async function main(): Promise<void> {
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

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('shutting down: finishing jobs in hand', { signal });
    setTimeout(() => process.exit(1), 25_000).unref();
    await workers.close();
    await deps.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`reply-matcher failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
