import { resolveUnipileTarget } from '@outreach/config';
import type { Db } from '@outreach/db';
import { createEmailTransport, type EmailTransport } from '@outreach/email';
import { createLogger, type Logger } from '@outreach/logger';
import type { Queues } from '@outreach/queues';
import { resolveUnsubscribeSecret } from '@outreach/reports';
import { createInfrastructure, type Infrastructure } from '@outreach/runtime';
import { createUnipileClient, type UnipileClient } from '@outreach/unipile';
import type { ReporterConfig } from './config';

export interface ReportSettings {
  /** WEEKLY_REPORTS_ENABLED: off means the planner enqueues nothing and queued reports send nothing. */
  enabled: boolean;
  unsubscribeSecret: string;
  /** Where recipients reach the gateway's `GET /api/unsubscribe`. */
  publicApiUrl: string;
  /** Dashboard base URL for links in the report. */
  appBaseUrl: string;
}

/** What the processors need; tests build the same thing against their own prefix, clock and fake Resend. */
export interface ReporterDeps {
  db: Db;
  queues: Queues;
  transport: EmailTransport;
  logger: Logger;
  /** Read-only Unipile calls of the conversations backfill (chat lookups). */
  unipile: UnipileClient;
  reports: ReportSettings;
  /** The planner's clock; tests pin it. Reports themselves never read it (their week is in the payload). */
  now(): Date;
}

export interface OwnedDeps extends ReporterDeps, Infrastructure {}

export function createDeps(
  config: ReporterConfig,
  logger: Logger = createLogger('reporter', { level: config.LOG_LEVEL, json: config.NODE_ENV === 'production' }),
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
    unipile: createUnipileClient({ dsn: target.dsn, apiKey: target.apiKey, timeoutMs: config.UNIPILE_TIMEOUT_MS }),
    transport: createEmailTransport({ apiKey: config.RESEND_API_KEY, baseUrl: config.RESEND_BASE_URL, from: config.EMAIL_FROM }),
    logger,
    reports: {
      enabled: config.WEEKLY_REPORTS_ENABLED,
      unsubscribeSecret: resolveUnsubscribeSecret(config),
      publicApiUrl: config.PUBLIC_API_URL,
      appBaseUrl: config.APP_BASE_URL,
    },
    now: () => new Date(),
  };
}
