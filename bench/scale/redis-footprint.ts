import type { Redis } from 'ioredis';

export interface RedisFootprint {
  keys: number;
  /** Estimated from MEMORY USAGE of up to 2,000 sampled keys under the prefix. */
  bytes: number;
  /** The whole server's used_memory: shared with everything else on this Redis. */
  usedMemory: number;
}

/** The run's own share of Redis (keys under its unique prefix), and the server's total. */
export async function redisFootprint(redis: Redis, prefix: string): Promise<RedisFootprint> {
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
