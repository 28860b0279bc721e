import type { Db } from '@outreach/db';
import { createLogger, type Logger } from '@outreach/logger';
import type { Queues } from '@outreach/queues';
import { createInfrastructure, type Infrastructure } from '@outreach/runtime';
import type { SequencerConfig } from './config';

/** What the processors need; tests build the same against their own prefix. */
export interface SequencerDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  tick: { batchSize: number; maxBatches: number; leaseMs: number };
  connectionSyncs: { perDay: number };
}

export interface OwnedDeps extends SequencerDeps, Infrastructure {}

export function createDeps(
  config: SequencerConfig,
  logger: Logger = createLogger('sequencer', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' }),
): OwnedDeps {
  const infrastructure = createInfrastructure({
    databaseUrl: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    redisUrl: config.REDIS_URL,
    redisCluster: config.REDIS_CLUSTER,
    queuePrefix: config.QUEUE_PREFIX,
    logger,
  });
  return {
    ...infrastructure,
    logger,
    tick: {
      batchSize: config.SEQUENCER_BATCH_SIZE,
      maxBatches: config.SEQUENCER_MAX_BATCHES,
      leaseMs: config.SEQUENCER_LEASE_SECONDS * 1000,
    },
    connectionSyncs: { perDay: config.CONNECTION_SYNCS_PER_DAY },
  };
}
