import { z } from 'zod';

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
  /** BullMQ key prefix; tests give each file its own so they never see each other's jobs. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').default('outreach'),
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
