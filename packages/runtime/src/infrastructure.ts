import { createDatabase, type Database, type Db } from '@outreach/db';
import type { Logger } from '@outreach/logger';
import { closeQueues, connectRedis, createQueues, type Queues, type RedisConnection } from '@outreach/queues';

export interface InfrastructureOptions {
  databaseUrl: string;
  poolSize: number;
  redisUrl: string;
  /** `redisUrl` is one seed node of a Redis Cluster. */
  redisCluster?: boolean;
  queuePrefix: string;
  logger: Logger;
}

/** The connections a worker service owns: one Postgres pool, one worker Redis connection, every queue on it. */
export interface Infrastructure {
  database: Database;
  db: Db;
  redis: RedisConnection;
  queues: Queues;
  /** Closes the queues, then Redis, then Postgres. Call it after the workers have closed. */
  close(): Promise<void>;
}

/**
 * Opens what every worker service's `createDeps` needs. The Redis connection is a worker one
 * (`maxRetriesPerRequest: null`) and gets an error listener, so a Redis blip is logged rather than
 * crashing the process with an unhandled 'error' event.
 */
export function createInfrastructure(options: InfrastructureOptions): Infrastructure {
  const { logger } = options;
  const database = createDatabase(options.databaseUrl, { max: options.poolSize });
  const redis = connectRedis({ url: options.redisUrl, cluster: options.redisCluster ?? false }, 'worker');
  redis.on('error', (err: Error) => logger.warn('redis error', { err }));
  const queues = createQueues(redis, options.queuePrefix, logger);
  return {
    database,
    db: database.db,
    redis,
    queues,
    async close() {
      // The queues run on the shared connection: disconnecting it first would leave their close() hanging.
      await closeQueues(queues);
      redis.disconnect();
      await database.close();
    },
  };
}
