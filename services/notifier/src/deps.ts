import type { Db } from '@outreach/db';
import { createEmailTransport, type EmailTransport } from '@outreach/email';
import { createLogger, type Logger } from '@outreach/logger';
import type { Queues } from '@outreach/queues';
import { createInfrastructure, type Infrastructure } from '@outreach/runtime';
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
    /** OUTBOUND_ALLOW_PRIVATE_CIDRS: non-public ranges Slack and webhook URLs may still reach (tests). */
    allowedPrivateCidrs: readonly string[];
  };
}

export interface OwnedDeps extends NotifierDeps, Infrastructure {}

export function createDeps(
  config: NotifierConfig,
  logger: Logger = createLogger('notifier', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' }),
): OwnedDeps {
  // Each job may hold one connection per channel (email, Slack, webhook) across its HTTP call.
  const poolSize = Math.max(config.DATABASE_POOL_SIZE, config.NOTIFIER_CONCURRENCY * 3 + 2);
  const infrastructure = createInfrastructure({
    databaseUrl: config.DATABASE_URL,
    poolSize,
    redisUrl: config.REDIS_URL,
    redisCluster: config.REDIS_CLUSTER,
    queuePrefix: config.QUEUE_PREFIX,
    logger,
  });
  return {
    ...infrastructure,
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
      allowedPrivateCidrs: config.OUTBOUND_ALLOW_PRIVATE_CIDRS,
    },
  };
}
