import { randomUUID } from 'node:crypto';
import { createDatabase, type Database } from '@outreach/db';
import { createLogger } from '@outreach/logger';
import {
  closeQueues,
  createQueues,
  createRedisClusterConnection,
  enqueue,
  enqueueBulk,
  processDeliveryJob,
  deliveryJobId,
  schedule,
  sequenceTickJob,
  QUEUES,
  type Queues,
} from '@outreach/queues';
import { createRateLimiter, rateKeyPrefix, type RateAccount } from '@outreach/rate-limits';
import { insertTenant, startLocalRedisCluster, testDatabaseUrl, waitFor, type LocalRedisCluster } from '@outreach/testing';
import type { Worker } from 'bullmq';
import type { Cluster } from 'ioredis';
import { createJobWorker } from './job-worker';

// A real three-primary Redis Cluster (local redis-server processes): BullMQ refuses nothing on one
// Redis that a cluster would refuse, so only a cluster shows that every multi-key script keeps to one slot.
const logger = createLogger('redis-cluster-test', { silent: true });
let cluster: LocalRedisCluster;
let producer: Cluster;
let workerConnection: Cluster;
let database: Database;
let queues: Queues;
const workers: Worker[] = [];
const prefix = `{outreach-${randomUUID().slice(0, 8)}}`;

beforeAll(async () => {
  cluster = await startLocalRedisCluster(3);
  producer = createRedisClusterConnection(cluster.seeds, 'producer');
  workerConnection = createRedisClusterConnection(cluster.seeds, 'worker');
  for (const c of [producer, workerConnection]) c.on('error', () => undefined);
  await waitFor(() => producer.status === 'ready' && workerConnection.status === 'ready', { what: 'cluster clients ready' });
  queues = createQueues(producer, prefix, logger);
  database = createDatabase(testDatabaseUrl(), { max: 2 });
}, 60_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues(queues);
  producer.disconnect();
  workerConnection.disconnect();
  await database.close();
  await cluster.stop();
});

const slotOf = async (key: string) => Number(await producer.cluster('KEYSLOT', key));

describe('on a Redis Cluster', () => {
  it('spreads the slots over three primaries and keeps every queue key in the prefix tag slot', async () => {
    const shards = (await producer.cluster('SHARDS')) as unknown[];
    expect(shards).toHaveLength(3);
    const tagSlot = await slotOf(prefix);
    for (const name of Object.values(QUEUES)) {
      expect(await slotOf(`${prefix}:${name}:wait`)).toBe(tagSlot);
    }
  });

  it('adds, deduplicates, delays and processes jobs with the unchanged deterministic ids', async () => {
    const processed: string[] = [];
    workers.push(
      createJobWorker(
        QUEUES.unipileDeliveries,
        {
          'process-delivery': async (_deps, payload) => {
            processed.push(payload.deliveryKey);
          },
        },
        { deps: { logger }, connection: workerConnection, prefix, concurrency: 4 },
      ),
    );
    const payload = (key: string) => ({
      deliveryKey: key,
      kind: 'messaging' as const,
      route: '/webhooks/unipile',
      receivedAt: new Date().toISOString(),
      body: {},
    });
    const first = await enqueue(queues, processDeliveryJob, payload('k-1'));
    const again = await enqueue(queues, processDeliveryJob, payload('k-1'));
    expect(first.id).toBe(deliveryJobId('k-1'));
    expect(again.id).toBe(first.id);
    await enqueue(queues, processDeliveryJob, payload('k-delayed'), { delay: 300 });
    await enqueueBulk(queues, processDeliveryJob, [{ payload: payload('k-2') }, { payload: payload('k-3') }]);

    await waitFor(() => processed.length >= 4, { what: 'four deliveries processed', timeoutMs: 15_000 });
    expect([...processed].sort()).toEqual(['k-1', 'k-2', 'k-3', 'k-delayed']);
    expect(await queues.unipileDeliveries.getJobCounts('completed', 'failed', 'waiting', 'delayed')).toEqual({
      completed: 4,
      failed: 0,
      waiting: 0,
      delayed: 0,
    });
  });

  it('runs a job scheduler under its unchanged id', async () => {
    let ticks = 0;
    workers.push(
      createJobWorker(
        QUEUES.sequenceTick,
        {
          'run-sequence-tick': async () => {
            ticks += 1;
          },
          'plan-connection-syncs': async () => undefined,
        },
        { deps: { logger }, connection: workerConnection, prefix, concurrency: 1 },
      ),
    );
    await schedule(queues, sequenceTickJob, 'sequence-tick', { every: 200 }, {});
    await schedule(queues, sequenceTickJob, 'sequence-tick', { every: 200 }, {});
    const schedulers = await queues.sequenceTick.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['sequence-tick']);
    await waitFor(() => ticks >= 3, { what: 'three ticks', timeoutMs: 15_000 });
  });

  it("takes rate tokens with every account's keys in that account's own slot", async () => {
    const limiter = createRateLimiter({ redis: producer, db: database.db, prefix, ceilings: null });
    const accounts: RateAccount[] = [];
    for (let i = 0; i < 4; i += 1) {
      const { account } = await insertTenant(database.db, { minActionSpacingSeconds: 0, maxActionSpacingSeconds: 0, dailyInviteLimit: 2 });
      accounts.push(account);
    }
    const now = new Date();
    for (const account of accounts) {
      const takes = [];
      for (let i = 0; i < 3; i += 1) takes.push(await limiter.take(account, 'invite', now));
      expect(takes.map((t) => (t.ok ? 'ok' : t.reason))).toEqual(['ok', 'ok', 'daily_cap']);
      const first = takes[0];
      if (first?.ok) await limiter.refund(account, 'invite', first.day);
      expect((await limiter.usage(account, now)).invite.today).toBe(1);
    }

    const base = rateKeyPrefix(prefix);
    const slots = new Set<number>();
    for (const account of accounts) {
      // KEYS runs on one node only: ask each primary.
      const nodeKeys = (await Promise.all(producer.nodes('master').map((node) => node.keys(`${base}:rl:{${account.id}}:*`)))).flat();
      expect(nodeKeys.length).toBeGreaterThan(0);
      const accountSlots = new Set(await Promise.all(nodeKeys.map(slotOf)));
      expect([...accountSlots]).toEqual([await slotOf(`{${account.id}}`)]);
      slots.add([...accountSlots][0] as number);
    }
    // Not pinned to the queues' slot: the accounts' buckets spread over the cluster.
    expect(slots.size).toBeGreaterThan(1);
  });
});
