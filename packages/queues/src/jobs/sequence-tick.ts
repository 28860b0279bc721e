import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { KEEP_FAILED, PLANNER_RETRIES } from '../retry';

/**
 * The sequencer's heartbeat (queue `sequence-tick`): finds due leads and enqueues their next
 * action. A job scheduler adds one every few seconds; the payload is empty because a tick always
 * works on "due as of now".
 */
export const sequenceTickJob = defineJob({
  name: 'run-sequence-tick',
  queue: QUEUES.sequenceTick,
  schema: z.object({}),
  options: {
    // A failed tick is simply replaced by the next one: no retries, few kept.
    attempts: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 500, ...KEEP_FAILED },
  },
  schedulerId: 'sequence-tick',
});

/**
 * Plans each OK account's connection syncs (queue `sequence-tick`): a few a day at random times,
 * as Unipile recommends for relation polling, enqueued as delayed `sync-connections` jobs.
 */
export const planConnectionSyncsJob = defineJob({
  name: 'plan-connection-syncs',
  queue: QUEUES.sequenceTick,
  schema: z.object({}),
  options: {
    ...PLANNER_RETRIES,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 100, ...KEEP_FAILED },
  },
  schedulerId: 'plan-connection-syncs',
});
