import { createDatabase, type Database, type Db } from '@outreach/db';
import { createLogger, type Logger } from '@outreach/logger';
import { closeQueues, createQueues, createRedisConnection, type Queues } from '@outreach/queues';
import type { Redis } from 'ioredis';
import type { SequencerConfig } from './config';

/** What the processors need; tests build the same against their own prefix. */
export interface SequencerDeps {
  db: Db;
  queues: Queues;
  logger: Logger;
  tick: { batchSize: number; maxBatches: number; leaseMs: number };
  connectionSyncs: { perDay: number };
}

export interface OwnedDeps extends SequencerDeps {
  database: Database;
  redis: Redis;
  close(): Promise<void>;
}

export function createDeps(config: SequencerConfig, logger: Logger = createLogger('sequencer', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' })): OwnedDeps {
  const database = createDatabase(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const redis = createRedisConnection(config.REDIS_URL, 'worker');
  redis.on('error', (err) => logger.warn('redis error', { err: err.message }));
  const queues = createQueues(redis, config.QUEUE_PREFIX, logger);
  return {
    db: database.db,
    database,
    redis,
    queues,
    logger,
    tick: { batchSize: config.SEQUENCER_BATCH_SIZE, maxBatches: config.SEQUENCER_MAX_BATCHES, leaseMs: config.SEQUENCER_LEASE_SECONDS * 1000 },
    connectionSyncs: { perDay: config.CONNECTION_SYNCS_PER_DAY },
    async close() {
      await closeQueues(queues);
      redis.disconnect();
      await database.close();
    },
  };
}
