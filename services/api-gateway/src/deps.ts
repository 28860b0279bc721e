import type { Db } from '@outreach/db';
import type { Logger } from '@outreach/logger';
import type { Queues, RedisConnection } from '@outreach/queues';
import type { UnipileClient } from '@outreach/unipile';
import type { TokenConfig } from './auth/tokens';

/** Everything the routes need; main.ts builds it from config, tests from their own resources. */
export interface GatewayDeps {
  db: Db;
  redis: RedisConnection;
  queues: Queues;
  unipile: UnipileClient;
  /** The Unipile DSN the client talks to (hosted-auth links need it as `api_url`). */
  unipileDsn: string;
  logger: Logger;
  tokens: TokenConfig;
  login: { maxAttempts: number; windowSeconds: number };
  queuePrefix: string;
  publicIngestUrl?: string;
  publicApiUrl?: string;
  webhook: { secret?: string; header: string };
  /** Client emails: dashboard links in rendered previews, and the key that signs unsubscribe links. */
  email: { appBaseUrl: string; unsubscribeSecret: string };
  /**
   * Deployment-wide switches (NOTIFICATIONS_ENABLED, WEEKLY_REPORTS_ENABLED), shown next to each
   * client's settings; `allowLocalHttpHooks` lets development point Slack and webhooks at http://localhost.
   */
  notifications: { enabled: boolean; weeklyReportsEnabled: boolean; allowLocalHttpHooks: boolean };
  /** METRICS_TOKEN: when set, GET /metrics wants it as a bearer token. */
  metricsToken?: string;
  /** TRUST_PROXY, as Express's `trust proxy` setting; `loopback` when unset. */
  trustProxy?: boolean | number | string;
  /** Inbox SSE timing (tests shorten it): ping interval (default 20 s), outbox relay poll (default 50 ms). */
  inboxStream?: StreamSettings;
}

export interface StreamSettings {
  pingMs?: number;
  pollMs?: number;
}
