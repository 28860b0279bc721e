import { baseEnv, bool, databaseEnv, loadConfig, redisEnv, unipileEnv, METRICS_PORTS, workerOpsEnv } from '@outreach/config';
import { z } from 'zod';

export const senderConfigSchema = z.object({
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  ...workerOpsEnv(METRICS_PORTS['outbound-sender']),
  ...unipileEnv,
  /** Sends in flight per process. Each holds its lead's row lock (one pool connection) for its Unipile call. */
  OUTBOUND_SENDER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
  /** Job lock lifetime: a killed process's job is retried by another worker after this (and reconciled first). */
  OUTBOUND_SENDER_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** How long an account rests after a provider limit signal (429, cannot_resend_yet, limit_exceeded). */
  ACCOUNT_COOLDOWN_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(240),
  /** Minimum pause before a job retries after a reply was seen in the chat but not yet recorded. */
  /**
   * Holds every account within the platform's safety ceilings (invites 100/day and 200/week,
   * messages 150/day, spacing ≥ 5 s) whatever its settings. Keep it on: only end-to-end tests and
   * benchmarks, which send far faster than LinkedIn would allow, switch it off.
   */
  SENDER_SAFETY_CEILINGS: bool(true),
  UNRECORDED_REPLY_RECHECK_SECONDS: z.coerce.number().int().min(1).default(60),
});

export type SenderConfig = z.infer<typeof senderConfigSchema>;

export const loadSenderConfig = (env?: NodeJS.ProcessEnv): SenderConfig => loadConfig(senderConfigSchema, env);
