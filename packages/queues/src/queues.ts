import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '@outreach/logger';
import { QUEUES, type QueueName } from './names';

export type Queues = { [K in keyof typeof QUEUES]: Queue };

/**
 * Opens one Queue per name on a shared connection. Every queue gets an error listener: an
 * unhandled 'error' event would otherwise crash the process during a Redis blip.
 */
export function createQueues(connection: Redis, prefix: string, logger: Logger): Queues {
  const open = (name: QueueName): Queue => {
    const queue = new Queue(name, { connection, prefix });
    queue.on('error', (err) => logger.warn('queue error', { queue: name, err: err.message }));
    return queue;
  };
  return Object.fromEntries(Object.entries(QUEUES).map(([key, name]) => [key, open(name)])) as Queues;
}

/** Closes every queue (not the shared connection, which its owner closes). */
export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
