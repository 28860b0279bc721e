import { Redis } from 'ioredis';

export type RedisRole = 'worker' | 'producer';

/**
 * Redis connections for BullMQ. Workers block and must wait out outages (`maxRetriesPerRequest:
 * null`). Producers that answer HTTP requests must fail fast instead: with the offline queue off a
 * command during an outage rejects at once, so the caller can answer 503 and let the sender retry.
 */
export function createRedisConnection(url: string, role: RedisRole): Redis {
  if (role === 'worker') {
    return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  }
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    // Keep trying to come back; each request decides on its own whether to wait.
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
}
