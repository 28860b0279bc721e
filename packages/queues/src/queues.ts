import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import type { Logger } from '@outreach/logger';
import type { RedisConnection } from './connection';
import { registerInboxWaker } from './inbox-wake';
import { QUEUES, type QueueKey, type QueueName } from './names';

/** A BullMQ queue whose name is known to the type system, so a job can only be added to its own. */
export type NamedQueue<N extends QueueName> = Queue & { readonly name: N };

/** Every queue, by key; `queues.notifications.name` is `'notifications'` in the type too. */
export type Queues = { [K in QueueKey]: NamedQueue<(typeof QUEUES)[K]> };

/**
 * Opens one Queue per name on a shared connection. Every queue gets an error listener: an
 * unhandled 'error' event would otherwise crash the process during a Redis blip.
 */
export function createQueues(connection: RedisConnection, prefix: string, logger: Logger): Queues {
  // BullMQ's scripts touch several keys of a queue at once: in a cluster they must share one slot.
  if (connection instanceof Cluster && !/^\{[^{}]+\}$/.test(prefix)) {
    throw new Error(`QUEUE_PREFIX must be a Redis Cluster hash tag such as {outreach} on a cluster, not ${prefix}`);
  }
  const open = (name: QueueName): Queue => {
    const queue = new Queue(name, { connection, prefix });
    queue.on('error', (err) => logger.warn('queue error', { queue: name, err }));
    return queue;
  };
  const queues = Object.fromEntries(Object.entries(QUEUES).map(([key, name]) => [key, open(name)])) as Queues;
  registerInboxWaker(queues, connection, prefix);
  return queues;
}

/** Closes every queue (not the shared connection, which its owner closes). */
export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
