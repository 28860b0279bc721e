import { createDatabase, findAccountByUnipileId, type Database } from '@outreach/db';
import { createLogger } from '@outreach/logger';
import { closeQueues, createQueues, createRedisConnection, type Queues } from '@outreach/queues';
import { createFreshDatabase, testRedisUrl, uniquePrefix } from '@outreach/testing';
import { createUnipileClient } from '@outreach/unipile';
import { SandboxControl, startSandbox, type Sandbox } from '@outreach/unipile-sandbox';
import type { Redis } from 'ioredis';
import type { MatcherDeps } from '../deps';

export const SANDBOX_KEY = 'sandbox-test-key';

export interface MatcherHarness {
  deps: MatcherDeps;
  database: Database;
  redis: Redis;
  queues: Queues;
  prefix: string;
  sandbox: Sandbox;
  control: SandboxControl;
  close(): Promise<void>;
}

/**
 * Real Postgres, real Redis under a prefix of its own, and the Unipile sandbox over real HTTP:
 * what reply-matcher's processors run against in its tests. The database is the file's own: the
 * poller sync schedules a poll for every account it finds, and the shared test database holds
 * thousands.
 */
export async function startMatcherHarness(polling: Partial<MatcherDeps['polling']> = {}): Promise<MatcherHarness> {
  const fresh = await createFreshDatabase('matcher');
  const database = createDatabase(fresh.url, { max: 8 });
  const redis = createRedisConnection(testRedisUrl(), 'worker');
  const prefix = uniquePrefix();
  const logger = createLogger('reply-matcher', { silent: true });
  const queues = createQueues(redis, prefix, logger);
  const sandbox = await startSandbox({ port: 0, apiKey: SANDBOX_KEY, webhookRetryDelaysMs: [20, 40, 80, 160, 320] });
  const deps: MatcherDeps = {
    db: database.db,
    // No caching in tests: they change accounts between deliveries.
    accounts: { byUnipileId: (id) => findAccountByUnipileId(database.db, id) },
    queues,
    unipile: createUnipileClient({ dsn: sandbox.url, apiKey: SANDBOX_KEY, timeoutMs: 5000 }),
    logger,
    polling: { intervalMs: 60_000, degradedIntervalMs: 10_000, lookbackMinutes: 60, ...polling },
  };
  return {
    deps,
    database,
    redis,
    queues,
    prefix,
    sandbox,
    control: new SandboxControl(sandbox.url, SANDBOX_KEY),
    close: async () => {
      await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await closeQueues(queues);
      redis.disconnect();
      await sandbox.close();
      await database.close();
      await fresh.drop();
    },
  };
}
