import { createDatabase, type Database } from '@outreach/db';
import { createLogger, type Logger } from '@outreach/logger';
import { closeQueues, createQueues, createRedisConnection, type Queues, type RedisRole } from '@outreach/queues';
import type { Redis } from 'ioredis';
import { testDatabaseUrl, testRedisUrl } from './env';
import { createFreshDatabase, type FreshDatabase } from './fresh-database';
import { uniquePrefix } from './queues';

export interface TestInfrastructureOptions {
  /** The logger's service name (silent: tests assert on rows and jobs, not on log lines). */
  service: string;
  /** Connections in the pool. */
  poolSize?: number;
  /**
   * A migrated database of the test file's own (`outreach_<tag>_…`, dropped on close), for code that
   * acts on every row it finds (the tick, the pollers, the planner). Without it: the shared test database.
   */
  freshDatabase?: string;
  /** Another Redis than the shared one (the fault tests run their own server). */
  redisUrl?: string;
  /** `producer` fails fast while Redis is down, as HTTP handlers do; `worker` (default) waits. */
  redisRole?: RedisRole;
  /** Also delete every other key under the prefix on close (rate-limit buckets and the like). */
  clearPrefixKeys?: boolean;
}

/** Real Postgres and Redis for one test file, isolated by a unique queue prefix (and database, if asked). */
export interface TestInfrastructure {
  database: Database;
  /** Set with `freshDatabase`: its URL is what service processes get as DATABASE_URL. */
  fresh: FreshDatabase | null;
  databaseUrl: string;
  redis: Redis;
  redisUrl: string;
  prefix: string;
  queues: Queues;
  logger: Logger;
  /** DATABASE_URL, REDIS_URL and QUEUE_PREFIX for a service started as a process on this infrastructure. */
  serviceEnv(): Record<'DATABASE_URL' | 'REDIS_URL' | 'QUEUE_PREFIX', string>;
  /** Runs `close` before the infrastructure's own teardown, last registered first (servers, processes). */
  onClose(close: () => Promise<unknown> | void): void;
  /** Everything registered, then the queues obliterated and closed, Redis disconnected, the database closed (and dropped). */
  close(): Promise<void>;
}

/** What every service harness exposes of its infrastructure; a harness interface extends it. */
export type HarnessInfrastructure = Pick<TestInfrastructure, 'database' | 'redis' | 'queues' | 'prefix'>;

/**
 * The database, Redis connection, unique prefix and queues every integration harness starts from,
 * and their teardown in the one order that leaves nothing behind: what the harness registered
 * (sandbox, fake Resend, processes) first, then the jobs under the prefix, then the connections.
 */
export async function createTestInfrastructure(options: TestInfrastructureOptions): Promise<TestInfrastructure> {
  const fresh = options.freshDatabase ? await createFreshDatabase(options.freshDatabase) : null;
  const databaseUrl = fresh?.url ?? testDatabaseUrl();
  const database = createDatabase(databaseUrl, { max: options.poolSize ?? 8 });
  const redisUrl = options.redisUrl ?? testRedisUrl();
  const redis = createRedisConnection(redisUrl, options.redisRole ?? 'worker');
  // Fault tests stop Redis on purpose; each command still rejects, so nothing is hidden.
  redis.on('error', () => undefined);
  const prefix = uniquePrefix();
  const logger = createLogger(options.service, { silent: true });
  const queues = createQueues(redis, prefix, logger);
  const closers: Array<() => Promise<unknown> | void> = [];

  return {
    database,
    fresh,
    databaseUrl,
    redis,
    redisUrl,
    prefix,
    queues,
    logger,
    serviceEnv: () => ({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }),
    onClose: (close) => {
      closers.push(close);
    },
    close: async () => {
      for (const close of closers.splice(0).reverse()) await close();
      await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await closeQueues(queues);
      if (options.clearPrefixKeys) {
        // Keys under the bare name too: the rate limiter drops the prefix's hash-tag braces.
        for (const pattern of [`${prefix}:*`, `${prefix.replace(/[{}]/g, '')}:*`]) {
          const keys = await redis.keys(pattern);
          if (keys.length > 0) await redis.del(...keys);
        }
      }
      redis.disconnect();
      await database.close();
      await fresh?.drop();
    },
  };
}
