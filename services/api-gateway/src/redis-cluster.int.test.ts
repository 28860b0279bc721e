import { randomUUID } from 'node:crypto';
import { createLogger } from '@outreach/logger';
import { closeQueues, connectRedis, createQueues, duplicateForBlocking, type Queues, type RedisConnection } from '@outreach/queues';
import { startLocalRedisCluster, waitFor, type LocalRedisCluster } from '@outreach/testing';
import { Worker } from 'bullmq';
import { FREE_ATTEMPTS, createLoginLimiter } from './auth/login-limiter';
import type { GatewayDeps } from './deps';
import { issueTicket, redeemTicket } from './inbox-stream/tickets';
import { waitForJobs } from './routes/admin/wait-for-jobs';

// What the gateway keeps in Redis besides queues (login limiter script, stream tickets, the inbox relay's
// pub/sub and the admin routes' QueueEvents) on a real three-node Redis Cluster (REDIS_CLUSTER=true).
const logger = createLogger('gateway-cluster-test', { silent: true });
const prefix = `{gw-${randomUUID().slice(0, 8)}}`;
let cluster: LocalRedisCluster;
let redis: RedisConnection;
let queues: Queues;

beforeAll(async () => {
  cluster = await startLocalRedisCluster(3);
  redis = connectRedis({ url: cluster.seeds[0] as string, cluster: true }, 'producer');
  redis.on('error', () => undefined);
  await waitFor(() => redis.status === 'ready', { what: 'cluster client ready' });
  queues = createQueues(redis, prefix, logger);
}, 60_000);

afterAll(async () => {
  await closeQueues(queues);
  redis.disconnect();
  await cluster.stop();
});

describe('the gateway on a Redis Cluster', () => {
  it('refuses a queue prefix without a hash tag, which would split a queue over slots', () => {
    expect(() => createQueues(redis, 'outreach', logger)).toThrow('QUEUE_PREFIX must be a Redis Cluster hash tag');
  });

  it('limits login attempts with its three-key script and clears them on success', async () => {
    const limiter = createLoginLimiter(redis, { maxAttempts: 10, windowSeconds: 60, prefix });
    const now = Date.now();
    const verdicts = [];
    for (let i = 0; i <= FREE_ATTEMPTS; i += 1) verdicts.push(await limiter.attempt('Ops@Example.com', '10.0.0.1', now));
    expect(verdicts.slice(0, FREE_ATTEMPTS)).toEqual(new Array(FREE_ATTEMPTS).fill({ allowed: true }));
    expect(verdicts[FREE_ATTEMPTS]).toEqual({ allowed: false, retryAfterSeconds: 1 });
    await limiter.succeeded('ops@example.com', '10.0.0.1');
    expect(await limiter.attempt('ops@example.com', '10.0.0.1', now)).toEqual({ allowed: true });
  });

  it('issues a stream ticket that redeems once', async () => {
    const auth = { kind: 'user' as const, role: 'admin' as const, clientId: null, userId: randomUUID() };
    const { ticket } = await issueTicket(redis, prefix, auth);
    expect(await redeemTicket(redis, prefix, ticket)).toEqual(auth);
    expect(await redeemTicket(redis, prefix, ticket)).toBeNull();
  });

  it('relays inbox events over pub/sub on a blocking duplicate of the producer connection', async () => {
    const sub = duplicateForBlocking(redis);
    sub.on('error', () => undefined);
    const received: string[] = [];
    sub.on('message', (_channel: string, message: string) => received.push(message));
    try {
      await sub.subscribe(`${prefix}:inbox:events`);
      await waitFor(async () => (await redis.publish(`${prefix}:inbox:events`, '[{"id":1}]'), received.length > 0), {
        what: 'event relayed',
      });
      expect(received[0]).toBe('[{"id":1}]');
    } finally {
      sub.disconnect();
    }
  });

  it('waits for jobs a worker runs, through QueueEvents on the cluster', async () => {
    const workerConnection = connectRedis({ url: cluster.seeds[1] as string, cluster: true }, 'worker');
    workerConnection.on('error', () => undefined);
    const worker = new Worker(queues.notifications.name, async (job) => ({ seen: job.name }), { connection: workerConnection, prefix });
    try {
      const job = await queues.notifications.add('probe', {});
      const deps = { redis, queuePrefix: prefix, logger } as unknown as GatewayDeps;
      const [outcome] = await waitForJobs(deps, queues.notifications, [job], 10_000);
      expect({ state: outcome?.state, result: outcome?.state === 'completed' ? outcome.result : undefined }).toEqual({
        state: 'completed',
        result: { seen: 'probe' },
      });
    } finally {
      await worker.close();
      workerConnection.disconnect();
    }
  });
});
