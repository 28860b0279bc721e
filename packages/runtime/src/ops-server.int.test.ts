import { createLogger } from '@outreach/logger';
import { closeQueues, createQueues, createRedisConnection, QUEUES, sequenceTickJob } from '@outreach/queues';
import { testDatabaseUrl, testRedisUrl, uniquePrefix, waitFor } from '@outreach/testing';
import { createDatabase } from '@outreach/db';
import { createJobWorker } from './job-worker';
import { startOpsServer, type OpsServer } from './ops-server';
import { startFreezableProxy, type FreezableProxy } from './test-support/freezable-proxy';

const logger = createLogger('ops-server-test', { level: 'error', json: true });

const get = async (port: number, path: string) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, text: await res.text() };
};

describe('a worker’s ops server', () => {
  const prefix = uniquePrefix();
  const producer = createRedisConnection(testRedisUrl(), 'worker');
  const queues = createQueues(producer, prefix, logger);
  const database = createDatabase(testDatabaseUrl(), { max: 2 });
  let proxy: FreezableProxy;
  let ops: OpsServer;
  let workerRedis: ReturnType<typeof createRedisConnection>;
  let worker: ReturnType<typeof createJobWorker>;
  let processed = 0;

  beforeAll(async () => {
    proxy = await startFreezableProxy(new URL(testRedisUrl()));
    // The worker reaches Redis through the proxy; the ops server and the test do not.
    workerRedis = createRedisConnection(proxy.url, 'worker');
    workerRedis.on('error', () => undefined);
    worker = createJobWorker(
      QUEUES.sequenceTick,
      {
        [sequenceTickJob.name]: async () => {
          processed += 1;
          return { ok: true };
        },
        'plan-connection-syncs': async () => ({ ok: true }),
      },
      { deps: { logger }, connection: workerRedis, prefix, concurrency: 1 },
    );
    worker.on('error', () => undefined);
    await worker.waitUntilReady();
    ops = await startOpsServer({
      port: 0,
      queues: [QUEUES.sequenceTick],
      redisUrl: testRedisUrl(),
      queuePrefix: prefix,
      db: database.db,
      stallMs: 1500,
      logger,
    });
  });

  afterAll(async () => {
    proxy.thaw();
    await worker.close(true).catch(() => undefined);
    workerRedis.disconnect();
    await proxy.close();
    await ops.close();
    await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await closeQueues(queues);
    producer.disconnect();
    await database.close();
  });

  it('answers /healthz and /readyz, and exports job and queue metrics after work', async () => {
    await queues.sequenceTick.add(sequenceTickJob.name, {}, { jobId: `tick-${Date.now()}` });
    await waitFor(() => processed >= 1, { what: 'the tick processed' });

    expect(await get(ops.port, '/healthz')).toEqual({ status: 200, text: JSON.stringify({ status: 'ok' }) });
    const ready = await get(ops.port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ok', postgres: 'ok', redis: 'ok' });
    expect((await get(ops.port, '/livez')).status).toBe(200);

    const metrics = await waitFor(
      async () => {
        const { text } = await get(ops.port, '/metrics');
        return text.includes('outreach_jobs_total{queue="sequence-tick",job="run-sequence-tick",outcome="completed"} 1') ? text : undefined;
      },
      { what: 'the completed tick counted', intervalMs: 100 },
    );
    expect(metrics).toMatch(/outreach_job_duration_seconds_count\{queue="sequence-tick",job="run-sequence-tick",outcome="completed"\} 1/);
    expect(metrics).toMatch(/outreach_job_wait_seconds_count\{queue="sequence-tick",job="run-sequence-tick"\} 1/);
    expect(metrics).toContain('outreach_queue_jobs{queue="sequence-tick",state="waiting"} 0');
    expect(metrics).toContain('outreach_queue_oldest_waiting_age_seconds{queue="sequence-tick"} 0');
    expect(metrics).toContain('outreach_worker_stalled{queue="sequence-tick"} 0');
    expect((await get(ops.port, '/nope')).status).toBe(404);
  });

  it('fails /livez while jobs wait and the worker’s Redis connection is frozen, and recovers when it thaws', async () => {
    proxy.freeze();
    const before = processed;
    await Promise.all([1, 2, 3].map((i) => queues.sequenceTick.add(sequenceTickJob.name, {}, { jobId: `stuck-${i}-${Date.now()}` })));

    const stalled = await waitFor(
      async () => {
        const res = await get(ops.port, '/livez');
        return res.status === 503 ? res : undefined;
      },
      { what: '/livez failing', timeoutMs: 15_000, intervalMs: 200 },
    );
    const body = JSON.parse(stalled.text) as { status: string; queues: Array<{ queue: string; waiting: number; stalled: boolean }> };
    expect(body.status).toBe('stalled');
    expect(body.queues).toEqual([expect.objectContaining({ queue: 'sequence-tick', waiting: 3, stalled: true })]);
    expect(processed).toBe(before);
    // The process itself is up, and its dependencies answer: only liveness tells the truth.
    expect((await get(ops.port, '/healthz')).status).toBe(200);
    expect((await get(ops.port, '/readyz')).status).toBe(200);
    const { text } = await get(ops.port, '/metrics');
    expect(text).toContain('outreach_worker_stalled{queue="sequence-tick"} 1');
    expect(text).toContain('outreach_queue_jobs{queue="sequence-tick",state="waiting"} 3');
    expect(Number(/outreach_queue_oldest_waiting_age_seconds\{queue="sequence-tick"\} ([\d.]+)/.exec(text)?.[1])).toBeGreaterThan(1);

    proxy.thaw();
    await waitFor(() => processed >= before + 3, { what: 'the waiting ticks processed after the thaw', timeoutMs: 15_000 });
    await waitFor(async () => (await get(ops.port, '/livez')).status === 200, { what: '/livez passing again', intervalMs: 200 });
  });

  it('asks for METRICS_TOKEN on /metrics when one is set, and leaves the probes open', async () => {
    const guarded = await startOpsServer({
      port: 0,
      queues: [QUEUES.sequenceTick],
      redisUrl: testRedisUrl(),
      queuePrefix: prefix,
      stallMs: 60_000,
      metricsToken: 'metrics-token-0123456789',
      logger,
    });
    try {
      const scrape = (authorization?: string) =>
        fetch(`http://127.0.0.1:${guarded.port}/metrics`, { headers: authorization ? { authorization } : {} });
      expect((await scrape()).status).toBe(401);
      expect((await scrape('Bearer wrong-token-0123456789')).status).toBe(401);
      const ok = await scrape('Bearer metrics-token-0123456789');
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('# TYPE outreach_jobs_total counter');
      expect((await get(guarded.port, '/healthz')).status).toBe(200);
      expect((await get(guarded.port, '/readyz')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
