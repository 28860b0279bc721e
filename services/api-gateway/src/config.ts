import {
  baseEnv,
  databaseEnv,
  emailEnv,
  loadConfig,
  metricsEnv,
  notificationsEnv,
  redisEnv,
  unipileEnv,
  webhookEnv,
} from '@outreach/config';
import { z } from 'zod';

export const gatewayConfigSchema = z
  .object({
    ...baseEnv,
    ...databaseEnv,
    ...redisEnv,
    ...unipileEnv,
    ...webhookEnv,
    // Before PUBLIC_API_URL below: the gateway keeps its own optional definition (hosted-auth
    // callbacks fall back to the request's host when it is unset).
    ...emailEnv,
    ...notificationsEnv,
    ...metricsEnv,
    API_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    JWT_SECRET: z.string().min(32, 'at least 32 characters'),
    JWT_ISSUER: z.string().default('outreach-platform'),
    JWT_AUDIENCE: z.string().default('outreach-api'),
    JWT_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(3600),
    /** The first admin, created on first start when no admin exists yet. */
    ADMIN_EMAIL: z.email().optional(),
    ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
    LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(10),
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /**
     * Express `trust proxy`: which proxies may set X-Forwarded-For (the client address the login
     * limiter keys on, and HTTPS detection). `loopback` (default), `false`, `true`, a hop count, or
     * comma-separated addresses/CIDRs. Trusting more than the real proxies lets callers forge it.
     */
    TRUST_PROXY: z
      .string()
      .default('loopback')
      .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
    /** The base URL at which Unipile reaches webhook-ingest (for webhook hygiene). */
    PUBLIC_INGEST_URL: z.url().optional(),
    /** The base URL of this API as Unipile reaches it (hosted-auth callbacks). */
    PUBLIC_API_URL: z.url().optional(),
  })
  .superRefine((env, ctx) => {
    // Outside production unsubscribe links are checked with the development key the reporter also
    // falls back to (resolveUnsubscribeSecret); a guessable key would let anyone unsubscribe anyone.
    if (env.NODE_ENV === 'production' && !env.UNSUBSCRIBE_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['UNSUBSCRIBE_SECRET'], message: 'required in production' });
    }
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const loadGatewayConfig = (env?: NodeJS.ProcessEnv): GatewayConfig => loadConfig(gatewayConfigSchema, env);
