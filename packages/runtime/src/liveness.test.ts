import type { WatchedQueue } from '@outreach/metrics';
import { markActivity } from './activity';
import { createLivenessCheck } from './liveness';

/** A queue whose waiting count the test sets; `null` stands for Redis not answering. */
function fakeQueue(name: string) {
  const state = { waiting: 0 as number | null };
  const queue: WatchedQueue = {
    name,
    getJobCounts: async () => {
      if (state.waiting === null) throw new Error('redis down');
      return { waiting: state.waiting, prioritized: 0 };
    },
    getJobs: async () => [],
  };
  return { queue, state };
}

describe('the liveness check (injected clock)', () => {
  it('fails only after work has waited the stall limit with no job started or finished', async () => {
    let now = 1_000_000;
    const { queue, state } = fakeQueue('q-stall');
    const check = createLivenessCheck({ queues: [queue], stallMs: 60_000, now: () => now });

    // Idle for an hour on an empty queue: live.
    now += 3_600_000;
    expect((await check()).ok).toBe(true);
    // Work arrives: the stall limit counts from when it was first seen waiting, not from the last job.
    state.waiting = 4;
    expect((await check()).ok).toBe(true);
    now += 59_000;
    expect((await check()).ok).toBe(true);
    now += 2_000;
    const failing = await check();
    expect(failing).toEqual({ ok: false, queues: [{ queue: 'q-stall', waiting: 4, idleSeconds: 61, stalled: true }] });
    // Redis stops answering: the last count seen stands.
    state.waiting = null;
    expect((await check()).ok).toBe(false);
    // A job starts: live again.
    markActivity('q-stall', now);
    state.waiting = 3;
    expect((await check()).ok).toBe(true);
  });

  it('stays live while jobs keep starting, however much waits', async () => {
    let now = 5_000_000;
    const { queue, state } = fakeQueue('q-busy');
    const check = createLivenessCheck({ queues: [queue], stallMs: 60_000, now: () => now });
    state.waiting = 1000;
    for (let i = 0; i < 5; i += 1) {
      now += 50_000;
      markActivity('q-busy', now);
      expect((await check()).ok).toBe(true);
    }
  });
});
