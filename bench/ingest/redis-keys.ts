import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { QUEUES } from '@outreach/queues';

/**
 * Removes every BullMQ key of this run: each queue obliterated (even jobs still active), then any
 * stray key under the prefix, which is unique to the run. Returns how many stray keys were deleted.
 */
export async function removeRunKeys(redis: Redis, prefix: string): Promise<number> {
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection: redis, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  let removed = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) removed += await redis.del(...keys);
  } while (cursor !== '0');
  return removed;
}
