import { baseEnv, loadConfig, metricsEnv, redisEnv, webhookEnv } from '@outreach/config';
import { z } from 'zod';

export const ingestConfigSchema = z.object({
  ...baseEnv,
  ...redisEnv,
  ...webhookEnv,
  ...metricsEnv,
  UNIPILE_WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters'),
  INGEST_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Largest accepted delivery; real message webhooks are a few KB. */
  INGEST_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'like 512kb or 1mb')
    .default('1mb')
    .transform((v) => {
      const [, n, unit] = /^(\d+)(b|kb|mb)$/i.exec(v) as RegExpExecArray;
      return Number(n) * ({ b: 1, kb: 1024, mb: 1024 * 1024 } as const)[(unit as string).toLowerCase() as 'b' | 'kb' | 'mb'];
    }),
  /** How long an enqueue may take before we answer 503 and let Unipile retry. */
  INGEST_ENQUEUE_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(800),
});

export type IngestConfig = z.infer<typeof ingestConfigSchema>;

export const loadIngestConfig = (env?: NodeJS.ProcessEnv): IngestConfig => loadConfig(ingestConfigSchema, env);
