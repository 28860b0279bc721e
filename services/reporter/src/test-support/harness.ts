import { clients, createDatabase, type Database } from '@outreach/db';
import { inArray } from 'drizzle-orm';
import { createEmailTransport } from '@outreach/email';
import { createLogger } from '@outreach/logger';
import { closeQueues, createQueues, createRedisConnection, type Queues } from '@outreach/queues';
import { createFreshDatabase, startFakeResend, testRedisUrl, uniquePrefix, type FakeResend } from '@outreach/testing';
import type { Redis } from 'ioredis';
import type { ReporterDeps } from '../deps';

export const TEST_UNSUBSCRIBE_SECRET = 'reporter-test-unsubscribe-secret';
export const PUBLIC_API_URL = 'https://api.outreach.test';

export interface ReporterHarness {
  deps: ReporterDeps;
  database: Database;
  redis: Redis;
  queues: Queues;
  prefix: string;
  resend: FakeResend;
  /** Moves the planner's clock. */
  setNow(at: Date): void;
  /** Kept for the tests that call it; the whole database is dropped on close anyway. */
  forget(clientId: string): void;
  close(): Promise<void>;
}

/**
 * Real Postgres (a database of the file's own: the planner reads every client it finds, and the
 * shared test database holds thousands), real Redis under a prefix of its own, and the Resend
 * transport pointed at a local fake over real HTTP.
 */
export async function startReporterHarness(options: { now?: Date; enabled?: boolean } = {}): Promise<ReporterHarness> {
  const fresh = await createFreshDatabase('reporter');
  const database = createDatabase(fresh.url, { max: 6 });
  const redis = createRedisConnection(testRedisUrl(), 'worker');
  const prefix = uniquePrefix();
  const logger = createLogger('reporter', { silent: true });
  const queues = createQueues(redis, prefix, logger);
  const resend = await startFakeResend();
  let now = options.now ?? new Date();
  const owned: string[] = [];
  const deps: ReporterDeps = {
    db: database.db,
    queues,
    transport: createEmailTransport({ apiKey: resend.apiKey, baseUrl: resend.url, from: 'Outreach Reports <reports@outreach.test>', timeoutMs: 5000 }),
    logger,
    reports: { enabled: options.enabled ?? true, unsubscribeSecret: TEST_UNSUBSCRIBE_SECRET, publicApiUrl: PUBLIC_API_URL, appBaseUrl: 'https://app.outreach.test' },
    now: () => now,
  };
  return {
    deps,
    database,
    redis,
    queues,
    prefix,
    resend,
    setNow: (at) => {
      now = at;
    },
    forget: (clientId) => {
      owned.push(clientId);
    },
    close: async () => {
      if (owned.length > 0) await database.db.delete(clients).where(inArray(clients.id, owned));
      await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await closeQueues(queues);
      redis.disconnect();
      await resend.close();
      await database.close();
      await fresh.drop();
    },
  };
}
