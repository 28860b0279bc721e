import { createDatabase, type Database, type Db } from '@outreach/db';
import { createEmailTransport, type EmailTransport } from '@outreach/email';
import { createLogger, type Logger } from '@outreach/logger';
import { closeQueues, createQueues, createRedisConnection, type Queues } from '@outreach/queues';
import type { Redis } from 'ioredis';
import type { NotifierConfig } from './config';

/** What the processors need; tests build the same thing against their own prefix and fake Resend. */
export interface NotifierDeps {
  db: Db;
  queues: Queues;
  transport: EmailTransport;
  logger: Logger;
  options: {
    /** NOTIFICATIONS_ENABLED: when false every notification is recorded `skipped`, nothing is sent. */
    notificationsEnabled: boolean;
    /** Dashboard base URL for conversation links. */
    appBaseUrl: string;
    /** Timeout of one Slack or webhook request. */
    httpTimeoutMs: number;
  };
}

export interface OwnedDeps extends NotifierDeps {
  database: Database;
  redis: Redis;
  close(): Promise<void>;
}

export function createDeps(config: NotifierConfig, logger: Logger = createLogger('notifier', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' })): OwnedDeps {
  const database = createDatabase(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const redis = createRedisConnection(config.REDIS_URL, 'worker');
  redis.on('error', (err) => logger.warn('redis error', { err: err.message }));
  const queues = createQueues(redis, config.QUEUE_PREFIX, logger);
  return {
    db: database.db,
    database,
    redis,
    queues,
    transport: createEmailTransport({
      apiKey: config.RESEND_API_KEY,
      baseUrl: config.RESEND_BASE_URL,
      from: config.EMAIL_FROM,
      timeoutMs: config.NOTIFIER_HTTP_TIMEOUT_MS,
    }),
    logger,
    options: {
      notificationsEnabled: config.NOTIFICATIONS_ENABLED,
      appBaseUrl: config.APP_BASE_URL,
      httpTimeoutMs: config.NOTIFIER_HTTP_TIMEOUT_MS,
    },
    async close() {
      await closeQueues(queues);
      redis.disconnect();
      await database.close();
    },
  };
}
