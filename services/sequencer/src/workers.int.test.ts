import type { Redis } from 'ioredis';
import { createRedisConnection, planConnectionSyncsJob, sequenceTickJob } from '@outreach/queues';
import { testRedisUrl, waitFor } from '@outreach/testing';
import { startSequencerHarness, type SequencerHarness } from './test-support/harness';
import { startSequencerWorkers, type SequencerWorkers } from './workers';

let h: SequencerHarness;
let workers: SequencerWorkers | undefined;
let connection: Redis;
beforeAll(async () => {
  h = await startSequencerHarness();
  connection = createRedisConnection(testRedisUrl(), 'worker');
});
afterAll(async () => {
  await workers?.close();
  await h.close();
  connection.disconnect();
});

describe('startSequencerWorkers', () => {
  it('registers the tick and the sync planner under their scheduler ids, and runs ticks', async () => {
    workers = await startSequencerWorkers(h.deps, { connection, prefix: h.queues.sequenceTick.opts.prefix!, tickEveryMs: 200 });
    const tick = await h.queues.sequenceTick.getJobScheduler('sequence-tick');
    const planner = await h.queues.sequenceTick.getJobScheduler('plan-connection-syncs');
    expect(tick).toMatchObject({ every: 200, name: sequenceTickJob.name });
    expect(planner).toMatchObject({ every: 3600_000, name: planConnectionSyncsJob.name });

    await waitFor(async () => (await h.queues.sequenceTick.getJobs(['completed'])).some((j) => j.name === sequenceTickJob.name), {
      what: 'a tick completed',
    });
    const [done] = (await h.queues.sequenceTick.getJobs(['completed'])).filter((j) => j.name === sequenceTickJob.name);
    expect(done?.returnvalue).toMatchObject({ batches: 1 });
  });
});
