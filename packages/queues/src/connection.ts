import { Cluster, Redis, type RedisOptions } from 'ioredis';

export type RedisRole = 'worker' | 'producer';

/** A single Redis or a Redis Cluster: BullMQ, the rate limiter and the queues take either. */
export type RedisConnection = Redis | Cluster;

/**
 * Workers block and must wait out outages (`maxRetriesPerRequest: null`, which BullMQ requires of a
 * worker connection). Producers that answer HTTP requests must fail fast instead: with the offline
 * queue off a command during an outage rejects at once, so the caller can answer 503 and let the
 * sender retry.
 */
function optionsFor(role: RedisRole): RedisOptions {
  if (role === 'worker') return { maxRetriesPerRequest: null, enableReadyCheck: true };
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    // Keep trying to come back; each request decides on its own whether to wait.
    retryStrategy: (times) => Math.min(times * 100, 1000),
  };
}

/** A connection to one Redis (a primary, possibly behind a failover proxy). */
export function createRedisConnection(url: string, role: RedisRole): Redis {
  return new Redis(url, optionsFor(role));
}

/**
 * A connection to a Redis Cluster from one or more seed nodes (`redis://host:port`; the others are
 * discovered). Every multi-key script of the platform keeps its keys in one slot: BullMQ's under the
 * queue prefix's hash tag (`{outreach}`), the rate limiter's under each account's tag. A producer
 * gives up on a node that is down or moving slots instead of queueing commands behind it.
 */
export function createRedisClusterConnection(seeds: string[], role: RedisRole): Cluster {
  if (seeds.length === 0) throw new Error('a Redis Cluster connection needs at least one seed node');
  const nodes = seeds.map((seed) => {
    const url = new URL(seed);
    return { host: url.hostname, port: Number(url.port || 6379) };
  });
  const first = new URL(seeds[0] as string);
  const auth = first.password
    ? { username: decodeURIComponent(first.username) || undefined, password: decodeURIComponent(first.password) }
    : {};
  const redisOptions = { ...optionsFor(role), ...auth };
  if (role === 'worker') {
    return new Cluster(nodes, { redisOptions, enableReadyCheck: true });
  }
  return new Cluster(nodes, {
    redisOptions,
    enableOfflineQueue: false,
    clusterRetryStrategy: (times) => Math.min(times * 100, 1000),
  });
}

/** Opens a single-Redis or a cluster connection, as the service's configuration says. */
export function connectRedis(options: { url: string; cluster: boolean }, role: RedisRole): RedisConnection {
  return options.cluster ? createRedisClusterConnection([options.url], role) : createRedisConnection(options.url, role);
}

/**
 * A second connection like `connection` for blocking reads and subscriptions (QueueEvents, pub/sub):
 * those need the offline queue and unlimited retries, unlike a fail-fast producer connection.
 */
export function duplicateForBlocking(connection: RedisConnection): RedisConnection {
  if (connection instanceof Cluster) {
    return connection.duplicate([], {
      enableOfflineQueue: true,
      redisOptions: { ...connection.options.redisOptions, maxRetriesPerRequest: null },
    });
  }
  return connection.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
}
