import { resolveUnipileTarget } from '@outreach/config';
import type { Db } from '@outreach/db';
import { createLogger, type Logger } from '@outreach/logger';
import type { Queues } from '@outreach/queues';
import { createRateLimiter, SAFETY_CEILINGS, type RateLimiter } from '@outreach/rate-limits';
import { createInfrastructure, type Infrastructure } from '@outreach/runtime';
import { createUnipileClient, type UnipileClient } from '@outreach/unipile';
import type { SenderConfig } from './config';

/** What the processor needs; tests build the same against their own prefix and sandbox. */
export interface SenderDeps {
  db: Db;
  queues: Queues;
  unipile: UnipileClient;
  limiter: RateLimiter;
  logger: Logger;
  /** callInFlightMs: how long an account's in-flight marker outlives a process that died mid-call. */
  settings: { cooldownMs: number; unrecordedReplyRecheckMs: number; callInFlightMs: number };
}

export interface OwnedDeps extends SenderDeps, Infrastructure {}

export function createDeps(
  config: SenderConfig,
  logger: Logger = createLogger('outbound-sender', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' }),
): OwnedDeps {
  // A send holds one connection (its lead's lock) through its Unipile call and briefly needs a
  // second to commit its claim. With one more connection than jobs in flight, a claim always finds
  // one (no pool starvation); a little headroom keeps reads from queueing behind the locks.
  const poolSize = Math.max(config.DATABASE_POOL_SIZE, config.OUTBOUND_SENDER_CONCURRENCY + 3);
  const infrastructure = createInfrastructure({
    databaseUrl: config.DATABASE_URL,
    poolSize,
    redisUrl: config.REDIS_URL,
    redisCluster: config.REDIS_CLUSTER,
    queuePrefix: config.QUEUE_PREFIX,
    logger,
  });
  const target = resolveUnipileTarget(config);
  return {
    ...infrastructure,
    unipile: createUnipileClient({ dsn: target.dsn, apiKey: target.apiKey, timeoutMs: config.UNIPILE_TIMEOUT_MS }),
    limiter: createRateLimiter({
      redis: infrastructure.redis,
      db: infrastructure.db,
      prefix: config.QUEUE_PREFIX,
      ceilings: config.SENDER_SAFETY_CEILINGS ? SAFETY_CEILINGS : null,
    }),
    logger,
    settings: {
      cooldownMs: config.ACCOUNT_COOLDOWN_MINUTES * 60_000,
      unrecordedReplyRecheckMs: config.UNRECORDED_REPLY_RECHECK_SECONDS * 1000,
      callInFlightMs: config.UNIPILE_TIMEOUT_MS + 5000,
    },
  };
}
