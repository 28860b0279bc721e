/**
 * `pnpm bench:ingest`: webhook-ingest's acknowledgement throughput against a bare Express receiver,
 * and the latency of a reply from POST to lead `responded`, with the services as real processes
 * on the real local Redis and Postgres. Figures are printed, never asserted: the exit code is 0
 * whatever they are. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Database } from '@outreach/db';
import { QUEUES } from '@outreach/queues';
import { startCpuWindow } from './cpu';
import { parseOptions, type BenchOptions } from './options';
import { deliveryKeyOf, messageReceivedBody, type BenchLead } from './payloads';
import { measurePaced, measureThroughput, waitForProcessed } from './phases';
import type { Child } from './processes';
import { removeRunKeys } from './redis-keys';
import { report } from './report';
import { deleteTenant, openBenchDatabase, seedLeads, seedTenant, vacuumBenchTables, type Tenant } from './seed';
import { startServices } from './services';

// BENCH_DATABASE_URL: another database (e.g. while other worktrees bench with other migrations).
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/outreach_bench';
const REDIS_URL = 'redis://127.0.0.1:6379';
const HEADER = 'Unipile-Auth';
const ROUTE = '/api/webhooks/unipile/messaging';

const log = (line: string) => console.log(`[bench] ${line}`);
let interruptedAt = 0;

/** What the run owns and must give back, whatever happens. */
interface Run {
  opts: BenchOptions;
  runId: string;
  prefix: string;
  secret: string;
  signal: AbortSignal;
  redis: Redis;
  children: Child[];
  database?: Database;
  tenant?: Tenant;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const runId = randomBytes(4).toString('hex');
  const controller = new AbortController();
  const run: Run = {
    opts,
    runId,
    prefix: `bench-${runId}`,
    secret: randomBytes(16).toString('hex'), // 32 characters
    signal: controller.signal,
    redis: new Redis(REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: true }),
    children: [],
  };

  let cleaning: Promise<void> | undefined;
  const cleanup = () => (cleaning ??= (controller.abort(), release(run)));
  const interrupt = (signal: string) => {
    // Ctrl-C reaches us twice (from the terminal and relayed by the tsx CLI): only a later one forces.
    if (interruptedAt > 0) {
      if (Date.now() - interruptedAt < 3000) return;
      for (const c of run.children) c.child.kill('SIGKILL');
      process.exit(130);
    }
    interruptedAt = Date.now();
    log(`${signal}: stopping children and cleaning up (Ctrl-C again after 3 s forces)`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => interrupt('SIGINT'));
  process.on('SIGTERM', () => interrupt('SIGTERM'));

  try {
    await runBenchmark(run);
  } finally {
    await cleanup();
  }
}

async function runBenchmark(run: Run): Promise<void> {
  const { opts, signal } = run;
  const sizeC = opts.rate * opts.seconds;
  // Other work on the machine skews every figure: sample how busy it is before we add any.
  const idle = startCpuWindow([]);
  await new Promise((r) => setTimeout(r, 1000));
  const busyBefore = idle().machineBusy;

  log(`run ${run.runId}: migrating ${DATABASE_URL}, seeding ${opts.warmup + opts.n + sizeC} leads, vacuuming`);
  await run.redis.connect();
  const database = (run.database = await openBenchDatabase(DATABASE_URL));
  const tenant = (run.tenant = await seedTenant(database, run.runId));
  const { account } = tenant;
  const leads = await seedLeads(database, tenant, opts.warmup + opts.n + sizeC);
  await vacuumBenchTables(database);
  const bodies = leads.map((lead: BenchLead, i) => messageReceivedBody(account, lead, `bench-msg-${run.runId}-${i}`));
  const buffers = bodies.map((b) => Buffer.from(JSON.stringify(b)));
  const [warm, phaseA, phaseC] = [
    buffers.slice(0, opts.warmup),
    buffers.slice(opts.warmup, opts.warmup + opts.n),
    buffers.slice(opts.warmup + opts.n),
  ];
  const keysC = bodies.slice(opts.warmup + opts.n).map(deliveryKeyOf);

  const deliveries = new Queue(QUEUES.unipileDeliveries, { connection: run.redis, prefix: run.prefix });
  const settings = { databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, prefix: run.prefix, secret: run.secret, secretHeader: HEADER };
  const services = await startServices(settings, opts, deliveries, run.children);
  log(`services up (queue prefix ${run.prefix}); ingest :${services.ingestPort}, bare :${services.barePort}`);
  const toIngest = { port: services.ingestPort, path: ROUTE, secretHeader: HEADER, secret: run.secret };
  const [ingestPid, matcherPid, barePid] = [services.ingest.child.pid, services.matcher.child.pid, services.bare.child.pid];

  // A measures webhook-ingest alone (the matcher would take a core from it); the matcher drains afterwards.
  if (!opts.concurrentMatcher) await deliveries.pause();
  log(`phase A: ${opts.n} deliveries to webhook-ingest, ${opts.concurrency} in flight (after ${opts.warmup} warm-up)`);
  const load = { concurrency: opts.concurrency, signal };
  const a = await measureThroughput({ ...load, target: toIngest, serverPid: ingestPid, otherPids: [matcherPid, barePid] }, warm, phaseA);
  signal.throwIfAborted(); // after Ctrl-C: straight to cleanup
  await deliveries.resume();
  await deliveries.close();
  log(`phase A: ${Math.round(a.okPerSecond)} acks/s; waiting for reply-matcher to process the backlog`);
  const drainExpected = a.warmOk + a.ok;
  const drain = await waitForProcessed(database, account, drainExpected, 300_000, signal, matcherPid);
  signal.throwIfAborted();

  log('phase B: the same load on the bare Express server');
  const toBare = { ...toIngest, port: services.barePort };
  const b = await measureThroughput({ ...load, target: toBare, serverPid: barePid, otherPids: [ingestPid, matcherPid] }, warm, phaseA);
  signal.throwIfAborted();

  log(`phase C: ${sizeC} deliveries at ${opts.rate}/s, then waiting (60 s at most) for every lead to be responded`);
  const c = await measurePaced({ database, account, target: toIngest, signal }, phaseC, keysC, opts.rate, drain.done);
  signal.throwIfAborted();

  report({ opts, busyBefore, a, b, drain, drainExpected, c, children: run.children });
}

/** Stops every child, removes the run's BullMQ keys and seeded rows, closes connections. Never throws. */
async function release(run: Run): Promise<void> {
  await Promise.all(run.children.map((c) => c.stop()));
  if (run.redis.status === 'ready') {
    const stray = await removeRunKeys(run.redis, run.prefix).catch((err: Error) => (log(`could not remove Redis keys: ${err.message}`), 0));
    log(`removed the BullMQ keys under ${run.prefix} (${stray} left after obliterate, deleted)`);
  }
  if (run.database && run.tenant && !run.opts.keepData) {
    await deleteTenant(run.database, run.tenant).catch((err: Error) => log(`could not delete the seeded tenant: ${err.message}`));
  }
  await run.database?.close().catch(() => undefined);
  run.redis.disconnect();
}

// Every path cleans up first (main's finally). After Ctrl-C a phase cut short may throw: not a failure.
main().then(
  () => process.exit(interruptedAt > 0 ? 130 : 0),
  (err: unknown) => {
    if (interruptedAt === 0) console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(interruptedAt > 0 ? 130 : 1);
  },
);
