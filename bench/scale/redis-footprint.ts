import { Cluster, type Redis } from 'ioredis';
import type { RedisConnection } from '@outreach/queues';

export interface RedisFootprint {
  keys: number;
  /** Estimated from MEMORY USAGE of up to 2,000 sampled keys under the prefix. */
  bytes: number;
  /** The whole server's used_memory: shared with everything else on this Redis. */
  usedMemory: number;
}

/** The run's own share of Redis (keys under its unique prefix), and the server's total. */
export async function redisFootprint(connection: RedisConnection, prefix: string): Promise<RedisFootprint> {
  // The model measures one Redis server: a cluster's keys and memory are spread over its nodes.
  if (connection instanceof Cluster)
    throw new Error('the scale model measures a single Redis server, not a cluster (REDIS_CLUSTER must be false)');
  const redis: Redis = connection;
  let keys = 0;
  const sample: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys += batch.length;
    for (const key of batch) if (sample.length < 2000) sample.push(key);
  } while (cursor !== '0');
  let sampled = 0;
  for (const key of sample) sampled += Number((await redis.memory('USAGE', key)) ?? 0);
  const info = await redis.info('memory');
  const usedMemory = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
  return { keys, bytes: sample.length === 0 ? 0 : (sampled / sample.length) * keys, usedMemory };
}
