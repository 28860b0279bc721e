import { baseEnv, databaseEnv, emailEnv, loadConfig, notificationsEnv, redisEnv, METRICS_PORTS, workerOpsEnv } from '@outreach/config';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const isValidCidr = (cidr: string): boolean => {
  try {
    ipaddr.parseCIDR(cidr);
    return true;
  } catch {
    return false;
  }
};

export const notifierConfigSchema = z.object({
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  ...workerOpsEnv(METRICS_PORTS.notifier),
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
  /**
   * Comma-separated CIDR ranges that Slack and webhook URLs may reach although they are not public
   * (loopback, private, link-local…). Empty by default, and it should stay empty in production: it
   * exists so tests and local development can point hooks at a receiver on 127.0.0.1.
   */
  OUTBOUND_ALLOW_PRIVATE_CIDRS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .superRefine((cidrs, ctx) => {
      for (const cidr of cidrs) if (!isValidCidr(cidr)) ctx.addIssue({ code: 'custom', message: `not a CIDR range: ${cidr}` });
    }),
  NOTIFIER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
});

export type NotifierConfig = z.infer<typeof notifierConfigSchema>;

export const loadNotifierConfig = (env?: NodeJS.ProcessEnv): NotifierConfig => loadConfig(notifierConfigSchema, env);
