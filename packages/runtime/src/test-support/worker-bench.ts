import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@outreach/logger';
import { closeQueues, createQueues, createRedisConnection, jobsOn, queueKeyOf, type QueueName, type Queues } from '@outreach/queues';
import { testRedisUrl, uniquePrefix } from '@outreach/testing';
import { createJobWorker, type Processor } from '../job-worker';
import type { JobContext } from '../job-context';

export type Call = { name: string; payload: unknown; ctx: JobContext; deps: { logger: Logger } };

/** Queues under a prefix of their own, and workers whose processors a test writes. */
export interface WorkerBench {
  queues: Queues;
  queue(name: QueueName): Queues[keyof Queues];
  /** A worker on `queue` whose processor for every job defined there is `run` (default: record the call, return `{ ok: true }`). */
  start(queue: QueueName, logger: Logger, run?: (call: Call) => Promise<unknown>): Call[];
  close(): Promise<void>;
}

export function openWorkerBench(): WorkerBench {
  const redis: Redis = createRedisConnection(testRedisUrl(), 'worker');
  const prefix = uniquePrefix();
  const queues = createQueues(redis, prefix, { warn: () => undefined } as unknown as Logger);
  const workers: Worker[] = [];
  return {
    queues,
    queue: (name) => queues[queueKeyOf(name)],
    start(queue, logger, run) {
      const calls: Call[] = [];
      const table: Record<string, Processor<{ logger: Logger }, never>> = {};
      for (const name of jobsOn(queue).keys()) {
        table[name] = async (deps, payload, ctx) => {
          const call = { name, payload, ctx, deps };
          calls.push(call);
          return run ? run(call) : { ok: true };
        };
      }
      workers.push(
        createJobWorker(queue, table as never, { deps: { logger }, connection: redis, prefix, concurrency: 2, lockDurationMs: 5000 }),
      );
      return calls;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
      await closeQueues(queues);
      redis.disconnect();
    },
  };
}
