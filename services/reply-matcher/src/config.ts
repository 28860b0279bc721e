import { baseEnv, databaseEnv, loadConfig, pollingEnv, redisEnv, unipileEnv, METRICS_PORTS, workerOpsEnv } from '@outreach/config';
import { z } from 'zod';

export const matcherConfigSchema = z.object({
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  ...workerOpsEnv(METRICS_PORTS['reply-matcher']),
  ...unipileEnv,
  ...pollingEnv,
  /** Deliveries processed at once per process; each mostly waits on Postgres. */
  REPLY_MATCHER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(20),
  /**
   * How long a job's lock lives without renewal. A process killed mid-job leaves its job locked
   * this long; then another worker finds it stalled and runs it again.
   */
  /** How often the per-account reply pollers are reconciled with the accounts table. */
  REPLY_POLLER_SYNC_SECONDS: z.coerce.number().int().min(1).default(60),
  REPLY_MATCHER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
});

export type MatcherConfig = z.infer<typeof matcherConfigSchema>;

export const loadMatcherConfig = (env?: NodeJS.ProcessEnv): MatcherConfig => loadConfig(matcherConfigSchema, env);
