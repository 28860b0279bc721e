import { onCollect, queueCollectErrors, queueJobs, queueOldestWaitingAge } from './families';

/** The slice of a BullMQ Queue the collector reads. */
export interface WatchedQueue {
  readonly name: string;
  getJobCounts(...types: Array<'waiting' | 'prioritized' | 'delayed' | 'active' | 'failed'>): Promise<Record<string, number>>;
  getJobs(types: Array<'wait' | 'prioritized'>, start?: number, end?: number, asc?: boolean): Promise<Array<WaitingJob | undefined>>;
}

const STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;
/** A scrape must answer even while Redis does not; the counts are then left out. */
const COLLECT_TIMEOUT_MS = 2000;

const watched = new Set<WatchedQueue>();

export interface WaitingJob {
  timestamp: number;
  processedOn?: number;
  opts: { delay?: number };
}

/**
 * When a waiting job became due, as closely as BullMQ lets us know: added plus its initial delay,
 * or its last start if it ran before (a deferred or retried job; BullMQ keeps no later due time).
 */
const dueAt = (job: WaitingJob | undefined): number | null =>
  job ? Math.max(job.timestamp + Math.max(0, job.opts.delay ?? 0), job.processedOn ?? 0) : null;

async function oldestWaitingAge(queue: WatchedQueue, now: number): Promise<number> {
  // Oldest of each set: the wait list's tail, and the prioritized set's head (lowest score, added first among equals).
  const [waiting, prioritized] = await Promise.all([queue.getJobs(['wait'], 0, 0, true), queue.getJobs(['prioritized'], 0, 0, true)]);
  const candidates = [dueAt(waiting[0]), dueAt(prioritized[0])].filter((t): t is number => t !== null);
  if (candidates.length === 0) return 0;
  return Math.max(0, (now - Math.min(...candidates)) / 1000);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`queue counts not read within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function collectQueues(): Promise<void> {
  queueJobs.reset();
  queueOldestWaitingAge.reset();
  const now = Date.now();
  // One queue name reported once per process even if several Queue objects watch it.
  const byName = new Map<string, WatchedQueue>();
  for (const q of watched) if (!byName.has(q.name)) byName.set(q.name, q);
  await Promise.all(
    [...byName.values()].map(async (queue) => {
      try {
        const [counts, age] = await withTimeout(
          Promise.all([queue.getJobCounts(...STATES), oldestWaitingAge(queue, now)]),
          COLLECT_TIMEOUT_MS,
        );
        for (const state of STATES) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
        queueOldestWaitingAge.set({ queue: queue.name }, age);
      } catch {
        queueCollectErrors.inc();
      }
    }),
  );
}

let round: Promise<void> | null = null;

/** One Redis read per scrape feeds both gauges: whichever collect() runs first starts it, the other joins it. */
function collectOnce(): Promise<void> {
  round ??= collectQueues().finally(() => {
    round = null;
  });
  return round;
}

let hooked = false;

/**
 * Reports these queues' counts and oldest waiting age on every scrape of this process. Workers
 * watch the queues they consume, the gateway every queue: dashboards take `max by (queue)`.
 * Returns the function that stops watching them.
 */
export function watchQueues(queues: Iterable<WatchedQueue>): () => void {
  if (!hooked) {
    hooked = true;
    onCollect(queueJobs, collectOnce);
    onCollect(queueOldestWaitingAge, collectOnce);
  }
  const added = [...queues];
  for (const q of added) watched.add(q);
  return () => {
    for (const q of added) watched.delete(q);
  };
}

/** The latest counts of a queue, read now (for the liveness check). Null when Redis does not answer in time. */
export async function readWaiting(queue: WatchedQueue, timeoutMs = COLLECT_TIMEOUT_MS): Promise<number | null> {
  try {
    const counts = await withTimeout(queue.getJobCounts('waiting', 'prioritized'), timeoutMs);
    return (counts.waiting ?? 0) + (counts.prioritized ?? 0);
  } catch {
    return null;
  }
}
