import { baseEnv, databaseEnv, loadConfig, redisEnv, METRICS_PORTS, workerOpsEnv } from '@outreach/config';
import { z } from 'zod';

export const sequencerConfigSchema = z.object({
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  ...workerOpsEnv(METRICS_PORTS.sequencer),
  /** How often the due scan runs. Minute-scale step delays need a tick well under a minute. */
  SEQUENCER_TICK_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** Leads locked and planned per transaction. */
  SEQUENCER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Upper bound of batches per tick, so one tick cannot run for ever behind a huge backlog. */
  SEQUENCER_MAX_BATCHES: z.coerce.number().int().min(1).default(50),
  /**
   * How long an enqueued lead is left alone by later ticks. The sender moves `next_action_at` on
   * every outcome; a lead still due after this is re-enqueued (a no-op unless Redis lost its job).
   */
  SEQUENCER_LEASE_SECONDS: z.coerce.number().int().min(10).default(900),
  /** Connection syncs per account per day (at random moments), the fallback for late `new_relation` webhooks. */
  CONNECTION_SYNCS_PER_DAY: z.coerce.number().int().min(0).max(24).default(4),
});

export type SequencerConfig = z.infer<typeof sequencerConfigSchema>;

export const loadSequencerConfig = (env?: NodeJS.ProcessEnv): SequencerConfig => loadConfig(sequencerConfigSchema, env);
