import { resolveUnipileTarget } from '@outreach/config';
import { createDatabase, type Database, type Db } from '@outreach/db';
import { createLogger, type Logger } from '@outreach/logger';
import { closeQueues, createQueues, createRedisConnection, type Queues } from '@outreach/queues';
import { createUnipileClient, type UnipileClient } from '@outreach/unipile';
import type { Redis } from 'ioredis';
import type { MatcherConfig } from './config';
import { createAccountCache, type AccountLookup } from './matching/account-cache';

/** What the processors need; tests build the same thing against their own prefix and sandbox. */
export interface MatcherDeps {
  db: Db;
  accounts: AccountLookup;
  queues: Queues;
  unipile: UnipileClient;
  logger: Logger;
  polling: {
    intervalMs: number;
    degradedIntervalMs: number;
    lookbackMinutes: number;
  };
}

export interface OwnedDeps extends MatcherDeps {
  database: Database;
  redis: Redis;
  close(): Promise<void>;
}

export function createDeps(config: MatcherConfig, logger: Logger = createLogger('reply-matcher', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' })): OwnedDeps {
  const database = createDatabase(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const redis = createRedisConnection(config.REDIS_URL, 'worker');
  redis.on('error', (err) => logger.warn('redis error', { err: err.message }));
  const queues = createQueues(redis, config.QUEUE_PREFIX, logger);
  const target = resolveUnipileTarget(config);
  return {
    db: database.db,
    accounts: createAccountCache(database.db),
    database,
    redis,
    queues,
    unipile: createUnipileClient({ dsn: target.dsn, apiKey: target.apiKey, timeoutMs: config.UNIPILE_TIMEOUT_MS }),
    logger,
    polling: {
      intervalMs: config.REPLY_POLL_INTERVAL_SECONDS * 1000,
      degradedIntervalMs: config.REPLY_POLL_DEGRADED_INTERVAL_SECONDS * 1000,
      lookbackMinutes: config.REPLY_POLL_LOOKBACK_MINUTES,
    },
    async close() {
      await closeQueues(queues);
      redis.disconnect();
      await database.close();
    },
  };
}
