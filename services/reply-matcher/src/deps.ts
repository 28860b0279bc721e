import { resolveUnipileTarget } from '@outreach/config';
import type { Db } from '@outreach/db';
import { createLogger, type Logger } from '@outreach/logger';
import type { Queues } from '@outreach/queues';
import { createInfrastructure, type Infrastructure } from '@outreach/runtime';
import { createUnipileClient, type UnipileClient } from '@outreach/unipile';
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

export interface OwnedDeps extends MatcherDeps, Infrastructure {}

export function createDeps(
  config: MatcherConfig,
  logger: Logger = createLogger('reply-matcher', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' }),
): OwnedDeps {
  const infrastructure = createInfrastructure({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    redisUrl: config.REDIS_URL,
    redisCluster: config.REDIS_CLUSTER,
    queuePrefix: config.QUEUE_PREFIX,
    logger,
  });
  const target = resolveUnipileTarget(config);
  return {
    ...infrastructure,
    accounts: createAccountCache(infrastructure.db),
    unipile: createUnipileClient({ dsn: target.dsn, apiKey: target.apiKey, timeoutMs: config.UNIPILE_TIMEOUT_MS }),
    logger,
    polling: {
      intervalMs: config.REPLY_POLL_INTERVAL_SECONDS * 1000,
      degradedIntervalMs: config.REPLY_POLL_DEGRADED_INTERVAL_SECONDS * 1000,
      lookbackMinutes: config.REPLY_POLL_LOOKBACK_MINUTES,
    },
  };
}
