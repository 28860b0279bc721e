import { baseEnv, databaseEnv, emailEnv, loadConfig, notificationsEnv, redisEnv } from '@outreach/config';
import { z } from 'zod';

export const notifierConfigSchema = z.object({
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  ...emailEnv,
  ...notificationsEnv,
  /** Notification jobs processed at once per process; each mostly waits on Resend, Slack or a webhook. */
  NOTIFIER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /** Timeout of one Resend, Slack or webhook request; a timeout is retried like a 5xx. */
  NOTIFIER_HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * How long a job's lock lives without renewal. A process killed mid-job leaves its job locked
   * this long; then another worker finds it stalled and runs it again (each channel's row guards it).
   */
  NOTIFIER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
});

export type NotifierConfig = z.infer<typeof notifierConfigSchema>;

export const loadNotifierConfig = (env?: NodeJS.ProcessEnv): NotifierConfig => loadConfig(notifierConfigSchema, env);
