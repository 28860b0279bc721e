import {
  baseEnv,
  databaseEnv,
  emailEnv,
  loadConfig,
  notificationsEnv,
  redisEnv,
  METRICS_PORTS,
  unipileEnv,
  workerOpsEnv,
} from '@outreach/config';
import { z } from 'zod';

export const reporterConfigSchema = z
  .object({
    ...baseEnv,
    ...databaseEnv,
    ...redisEnv,
    ...workerOpsEnv(METRICS_PORTS.reporter),
    ...emailEnv,
    ...notificationsEnv,
    // The conversations backfill looks missing chat ids up on LinkedIn.
    ...unipileEnv,
    /**
     * How often the planner looks for clients whose report slot has passed. A report leaves at most
     * this long after its slot (Monday 08:00 local by default); each run is one query over clients.
     */
    REPORT_PLAN_EVERY_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
    /** How often new events are counted into the analytics rollups; the API lags at most this much behind. */
    ANALYTICS_ROLLUP_EVERY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
    /** Reports built and sent at once per process; each is a handful of queries and one email per recipient. */
    REPORTER_CONCURRENCY: z.coerce.number().int().min(1).max(20).default(2),
  })
  .superRefine((config, ctx) => {
    // A guessable secret would let anyone unsubscribe anyone; the development fallback is public.
    if (config.NODE_ENV === 'production' && !config.UNSUBSCRIBE_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['UNSUBSCRIBE_SECRET'], message: 'required in production' });
    }
  });

export type ReporterConfig = z.infer<typeof reporterConfigSchema>;

export const loadReporterConfig = (env?: NodeJS.ProcessEnv): ReporterConfig => loadConfig(reporterConfigSchema, env);
