import { runService, type RunningService } from '@outreach/runtime';
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
  return {
    logger: deps.logger,
    stop: async () => {
      await workers.close();
      await deps.close();
    },
  };
}

runService('reply-matcher', start);
