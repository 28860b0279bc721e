import { Queue } from 'bullmq';
import { Cluster } from 'ioredis';
import { QUEUES, type RedisConnection } from '@outreach/queues';

/**
 * Removes every BullMQ key of this run: each queue obliterated (even jobs still active), then any
 * stray key under the prefix, which is unique to the run, and under its bare name (the rate limiter
 * drops the prefix's hash-tag braces). Returns how many stray keys were deleted.
 */
export async function removeRunKeys(redis: RedisConnection, prefix: string): Promise<number> {
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection: redis, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
  let removed = 0;
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const patterns = [...new Set([`${prefix}:*`, `${prefix.replace(/[{}]/g, '')}:*`])];
  for (const node of nodes) {
    for (const pattern of patterns) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        // One DEL per key (pipelined): in a cluster the keys under the bare name live in many slots.
        const pipeline = node.pipeline();
        for (const key of keys) pipeline.del(key);
        for (const [err, count] of (await pipeline.exec()) ?? []) if (!err) removed += Number(count);
      } while (cursor !== '0');
    }
  }
  return removed;
}
