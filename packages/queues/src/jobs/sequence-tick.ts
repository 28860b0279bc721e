import type { JobsOptions } from 'bullmq';

/**
 * The sequencer's heartbeat (queue `sequence-tick`): finds due leads and enqueues their next
 * action. A job scheduler adds one every few seconds; the payload is empty because a tick always
 * works on "due as of now".
 */
export const sequenceTickJob = {
  name: 'run-sequence-tick',
  schedulerId: 'sequence-tick',
  options: {
    // A failed tick is simply replaced by the next one: no retries, few kept.
    attempts: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 500, age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;

/**
 * Plans each OK account's connection syncs (queue `sequence-tick`): a few a day at random times,
 * as Unipile recommends for relation polling, enqueued as delayed `sync-connections` jobs.
 */
export const planConnectionSyncsJob = {
  name: 'plan-connection-syncs',
  schedulerId: 'plan-connection-syncs',
  options: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 100, age: 14 * 24 * 3600 },
  } satisfies JobsOptions,
} as const;
