import { readWaiting, workerStalled, type WatchedQueue } from '@outreach/metrics';
import { lastActivityAt } from './activity';

export interface QueueLiveness {
  queue: string;
  /** Jobs waiting or prioritized at the last successful read; null if Redis never answered. */
  waiting: number | null;
  /** Seconds since this process last started or finished a job of the queue, or since work started waiting. */
  idleSeconds: number;
  stalled: boolean;
}

export interface LivenessReport {
  ok: boolean;
  queues: QueueLiveness[];
}

export interface LivenessOptions {
  /** The queues this process consumes, read over a connection of their own (not the workers'). */
  queues: WatchedQueue[];
  /** Work waiting this long with no job started or finished here makes the process not live. */
  stallMs: number;
  now?: () => number;
}

/**
 * The honest liveness signal: a worker that answers HTTP but has quietly stopped consuming (lost
 * its Redis connection or locks) fails it. A queue is stalled when work has been waiting and this
 * process has started or finished none of its jobs for `stallMs`: measured from the later of its
 * last job and the moment work was first seen waiting, so a worker that was idle only because the
 * queue was empty gets the full `stallMs`. When Redis does not answer, the last count seen stands.
 */
export function createLivenessCheck(options: LivenessOptions): () => Promise<LivenessReport> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const state = new Map<string, { waiting: number | null; waitingSince: number | null }>();

  return async () => {
    const at = now();
    const queues = await Promise.all(
      options.queues.map(async (queue): Promise<QueueLiveness> => {
        const known = state.get(queue.name) ?? { waiting: null, waitingSince: null };
        const read = await readWaiting(queue, 1000);
        const waiting = read ?? known.waiting;
        const waitingSince = waiting !== null && waiting > 0 ? (known.waitingSince ?? at) : null;
        state.set(queue.name, { waiting, waitingSince });
        const since = Math.max(lastActivityAt(queue.name) ?? startedAt, waitingSince ?? at);
        const idleMs = Math.max(0, at - since);
        const stalled = waitingSince !== null && idleMs >= options.stallMs;
        workerStalled.set({ queue: queue.name }, stalled ? 1 : 0);
        return { queue: queue.name, waiting, idleSeconds: Math.round(idleMs / 1000), stalled };
      }),
    );
    return { ok: queues.every((q) => !q.stalled), queues };
  };
}
