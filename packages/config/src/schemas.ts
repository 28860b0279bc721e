import { z } from 'zod';
import { bool } from './types';

/** Keys every process reads. */
export const baseEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
};

export type BaseEnv = z.infer<z.ZodObject<typeof baseEnv>>;

export const databaseEnv = {
  DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/outreach'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
};

export const redisEnv = {
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  /** REDIS_URL is then one seed node of a Redis Cluster; the client discovers the others. */
  REDIS_CLUSTER: bool(false),
  /**
   * BullMQ key prefix; tests give each file its own so they never see each other's jobs. The braces
   * are a Redis Cluster hash tag: BullMQ's scripts touch several keys of a queue at once, and in a
   * cluster they must all hash to one slot. The rate limiter drops the braces and tags each account
   * instead, so accounts spread over the cluster. `outreach` (no tag) is the pre-cluster prefix.
   */
  QUEUE_PREFIX: z
    .string()
    .max(64)
    .regex(/^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/, 'letters, digits, - and _ only, optionally inside one pair of braces ({outreach})')
    .default('{outreach}'),
};

export const unipileEnv = {
  /** e.g. https://api8.unipile.com:13443 — unset means the local sandbox. */
  UNIPILE_DSN: z.url().optional(),
  UNIPILE_API_KEY: z.string().min(1).optional(),
  UNIPILE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Where the sandbox listens when UNIPILE_DSN is unset. */
  SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(3990),
};

export const webhookEnv = {
  UNIPILE_WEBHOOK_SECRET: z.string().min(1).optional(),
  UNIPILE_WEBHOOK_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, 'an HTTP header name')
    .default('Unipile-Auth'),
};

export const pollingEnv = {
  /** How often each OK account's messages are polled for replies a webhook may have missed. */
  REPLY_POLL_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(300),
  /** The faster interval used while an account is not OK (Unipile sends no message webhooks then). */
  REPLY_POLL_DEGRADED_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  /** How far back each poll looks; covers Unipile's five retries with growing delays. */
  REPLY_POLL_LOOKBACK_MINUTES: z.coerce.number().int().min(1).default(360),
};

/** Email transport: Resend when a key is set, otherwise the local outbox (`GET /api/admin/outbox`). */
export const emailEnv = {
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Only for tests and proxies; the SDK's own default otherwise. */
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().min(3).default('Outreach <notifications@outreach.local>'),
  /** Base URL of the dashboard, for links in emails (conversation, lead). */
  APP_BASE_URL: z.url().default('http://localhost:3000'),
  /** Base URL at which recipients reach this API (unsubscribe links). */
  PUBLIC_API_URL: z.url().default('http://localhost:3000'),
  /** Signs unsubscribe links; unset in development means a fixed development value (never in production). */
  UNSUBSCRIBE_SECRET: z.string().min(16, 'at least 16 characters').optional(),
};

export const notificationsEnv = {
  NOTIFICATIONS_ENABLED: bool(true),
  WEEKLY_REPORTS_ENABLED: bool(true),
};

/** Who may read `/metrics` on any service. */
export const metricsEnv = {
  /**
   * When set, `/metrics` answers only `Authorization: Bearer <token>` (Prometheus: `authorization.credentials`).
   * Unset, it is open like the health checks: it carries no tenant data, but the gateway's is public.
   */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
};

/**
 * A worker service's operations endpoints and shutdown. Each service has its own default port so
 * that `pnpm start` runs them side by side; in Kubernetes every pod uses its default.
 */
export const workerOpsEnv = (defaultMetricsPort: number) => ({
  ...metricsEnv,
  /** Where `/metrics`, `/healthz`, `/readyz` and `/livez` listen; 0 picks a free port (tests). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(defaultMetricsPort),
  /** `/livez` fails when work has waited this long on a consumed queue with no job started or finished here. */
  LIVENESS_STALL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** SIGTERM drains jobs in hand for at most this long, then exits 1; keep it under the pod's termination grace. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(25),
});

/** Default metrics ports of the worker services (the gateway and webhook-ingest serve /metrics on their HTTP port). */
export const METRICS_PORTS = {
  'reply-matcher': 9101,
  sequencer: 9102,
  'outbound-sender': 9103,
  notifier: 9104,
  reporter: 9105,
} as const;
