/**
 * `pnpm --filter @outreach/bench sender`: outbound-sender throughput against the Unipile sandbox
 * with every limit lifted. For each configuration (processes × concurrency): fresh accounts and
 * leads, one sequencer tick enqueues a job per lead into a paused queue, the sender processes start
 * (as `pnpm start` runs them), the queue is resumed, and sends are counted until all are done.
 * Figures are printed, never asserted. See bench/README.md.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { QUEUES } from '@outreach/queues';
import { busyBefore, startCpuWindow } from '../ingest/cpu';
import { ROOT, startChild, waitUntil, type Child } from '../ingest/processes';
import { removeRunKeys } from '../ingest/redis-keys';
import { loadSequencerConfig } from '../../services/sequencer/src/config';
import { createDeps, type OwnedDeps } from '../../services/sequencer/src/deps';
import { processRunSequenceTick } from '../../services/sequencer/src/processors/run-sequence-tick';
import { createFreshDatabase, type FreshDatabase } from '@outreach/testing';
import { jobTimes, percentile, waitForSends } from './measure';
import { parseSenderOptions, type SenderBenchOptions, type SenderConfigUnderTest } from './options';
import { startBenchSandbox, type BenchSandbox } from './sandbox';
import { seedSenderConfig } from './seed';
import { dropOrKeep, runBench } from '../support/lifecycle';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_PER_SECOND = 200;

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (v: number) => `${v.toFixed(1)} ms`;
const int = (v: number) => v.toLocaleString('en-US');

interface Run {
  opts: SenderBenchOptions;
  prefix: string;
  children: Child[];
  fresh?: FreshDatabase;
  deps?: OwnedDeps;
  sandbox?: BenchSandbox;
}

interface ConfigResult {
  config: SenderConfigUnderTest;
  perSecond: number;
  summary: string;
}

/**
 * Each configuration gets a fresh database and a fresh sandbox: with autovacuum off the dead rows
 * of one configuration slow the next, and the sandbox's in-memory world (people, invitations,
 * chats), scanned linearly by several of its routes, costs more per call as it grows.
 */
async function measureConfig(run: Run, config: SenderConfigUnderTest, index: number): Promise<ConfigResult> {
  const { opts } = run;
  const label = `${config.processes} process${config.processes > 1 ? 'es' : ''} × concurrency ${config.concurrency}`;
  out(`\n── ${label}: ${int(opts.leads)} ${opts.action}s over ${opts.accounts} accounts ──`);
  const busy = await busyBefore();
  out(
    `  machine CPU busy in the second before: ${busy.toFixed(0)}%${busy > 20 ? ' — something else is running: the figures below will be low' : ''}`,
  );
  const fresh = (run.fresh = await createFreshDatabase('bench_send'));
  const deps = (run.deps = createDeps(
    loadSequencerConfig({ DATABASE_URL: fresh.url, REDIS_URL, QUEUE_PREFIX: run.prefix, LOG_LEVEL: 'warn' }),
  ));
  const sandbox = (run.sandbox = await startBenchSandbox(
    opts.sandbox,
    run.children,
    opts.profileDir && path.join(opts.profileDir, `c${index}`),
  ));
  const [conn] = await deps.database.sql<Array<{ max: string; used: number }>>`
    select current_setting('max_connections') as max, (select count(*)::int from pg_stat_activity) as used`;
  out(
    `  database ${fresh.name}, sandbox (${opts.sandbox}) at ${sandbox.url}; Postgres connections ${conn?.used}/${conn?.max} in use before`,
  );
  const needed = config.processes * (config.concurrency * 2 + 2);
  if (needed > Number(conn?.max ?? 100) - (conn?.used ?? 0))
    out(
      `  note: ${config.processes}×${config.concurrency} may open up to ${needed} Postgres connections (pool = 2 × concurrency + 2 per process)`,
    );
  const seeding = performance.now();
  const seeded = await seedSenderConfig(deps.database, sandbox.control, {
    tag: `c${index}-${run.prefix}`,
    accounts: opts.accounts,
    leads: opts.leads,
    action: opts.action,
  });
  out(`  seeded ${int(seeded.leads)} sandbox people and leads in ${ms(performance.now() - seeding)}`);

  const queue = new Queue(QUEUES.outboundActions, { connection: deps.redis, prefix: run.prefix });
  await queue.pause();
  const ticking = performance.now();
  const tick = await processRunSequenceTick(deps, new Date());
  out(`  one sequencer tick enqueued ${int(tick.enqueued)} jobs (paused queue) in ${ms(performance.now() - ticking)}`);

  const senders: Child[] = [];
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: opts.logLevel,
    DATABASE_URL: fresh.url,
    REDIS_URL,
    QUEUE_PREFIX: run.prefix,
    UNIPILE_DSN: sandbox.url,
    UNIPILE_API_KEY: sandbox.apiKey,
    OUTBOUND_SENDER_CONCURRENCY: String(config.concurrency),
    // Throughput with limits lifted: the ceilings would cap it at one action per 5 s per account.
    SENDER_SAFETY_CEILINGS: 'false',
    // Several senders on one host: each takes a free metrics port instead of the default one.
    METRICS_PORT: '0',
  };
  for (let i = 0; i < config.processes; i += 1) {
    const child = startChild(
      `outbound-sender-${i + 1}`,
      path.join(ROOT, 'services', 'outbound-sender', 'src', 'main.ts'),
      env,
      opts.profileDir && path.join(opts.profileDir, `c${index}`),
    );
    senders.push(child);
    run.children.push(child);
  }
  try {
    // At LOG_LEVEL=warn a sender prints nothing on boot: its worker's named Redis client shows it is consuming.
    await waitUntil(
      `${config.processes} outbound-sender workers`,
      async () => (await queue.getWorkersCount()) >= config.processes,
      60_000,
      senders[0],
    );

    const pids = [...senders.map((s) => s.child.pid), sandbox.child?.child.pid];
    const cpu = startCpuWindow(pids);
    const benchCpu = process.cpuUsage();
    const resumedAt = Date.now();
    await queue.resume();
    const progress = await waitForSends(deps.database, fresh.name, seeded.campaignIds, tick.enqueued, opts.stallSeconds * 1000);
    const window = cpu();
    const benchCpuMs = (() => {
      const u = process.cpuUsage(benchCpu);
      return (u.user + u.system) / 1000;
    })();
    const times = await jobTimes(queue, resumedAt);

    const sentLogs = await Promise.all(seeded.accounts.map((a) => sandbox.control.sent(a.unipileAccountId)));
    const reached = sentLogs.reduce((sum, log) => sum + (opts.action === 'invite' ? log.invitations.length : log.messages.length), 0);
    const outcomes = await deps.database.sql<Array<{ status: string; error_code: string | null; n: number }>>`
      select status::text as status, error_code, count(*)::int as n from leads where campaign_id = any(${seeded.campaignIds}::uuid[]) group by 1, 2 order by 3 desc`;
    const sent = progress.byStatus.sent ?? 0;
    const firstToLast = times.last - times.first;
    const perSecond = times.completed > 1 ? ((times.completed - 1) / firstToLast) * 1000 : Number.NaN;
    const senderCpuMs = window.perPid.slice(0, config.processes);
    const senderCpuTotal = senderCpuMs.reduce((a, b) => a + b, 0);
    const sandboxCpu = sandbox.child ? (window.perPid[config.processes] ?? Number.NaN) : benchCpuMs;
    const elapsed = times.last - resumedAt;

    const rows: Array<[string, string]> = [
      [
        'outbound_actions by status',
        Object.entries(progress.byStatus)
          .map(([s, n]) => `${s} ${int(n)}`)
          .join(', ') + (progress.stalled ? `  (STALLED: nothing moved for ${opts.stallSeconds} s)` : ''),
      ],
      [
        'leads by status (error code)',
        outcomes.map((o) => `${o.status}${o.error_code ? ` (${o.error_code})` : ''} ${int(o.n)}`).join(', '),
      ],
      [`${opts.action}s the sandbox received`, int(reached)],
      ['jobs completed / failed', `${int(times.completed)} / ${int(times.failed)}`],
      ['sends/s, first to last completion', `${perSecond.toFixed(1)}/s (${int(times.completed)} jobs in ${ms(firstToLast)})`],
      ['sends/s, resume to last completion', `${((sent / elapsed) * 1000).toFixed(1)}/s (${ms(elapsed)})`],
      [
        'job processing time p50 / p99 / max',
        `${ms(percentile(times.processingMs, 50))} / ${ms(percentile(times.processingMs, 99))} / ${ms(Math.max(...times.processingMs))}`,
      ],
      [
        'sender CPU, all processes',
        `${ms(senderCpuTotal)} = ${ms(senderCpuTotal / Math.max(1, sent))} per send (each: ${senderCpuMs.map((v) => `${(v / 1000).toFixed(1)} s`).join(', ')})`,
      ],
      [
        sandbox.child ? 'sandbox process CPU' : 'bench process CPU (sandbox inside, plus polling)',
        `${ms(sandboxCpu)} = ${ms(sandboxCpu / Math.max(1, sent))} per send`,
      ],
      [
        'machine CPU busy (outside these: Postgres, Redis, other)',
        `${(window.machineBusy * 100).toFixed(0)}% (${(window.outsideBusy * 100).toFixed(0)}%)`,
      ],
      ['peak Postgres connections to the bench database', String(progress.peakConnections)],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) out(`  ${k.padEnd(width)}  ${v}`);
    const verdict = perSecond >= TARGET_PER_SECOND ? 'PASS' : 'MISS';
    out(`  ${verdict}: ${perSecond.toFixed(1)} sends/s [target ≥ ${TARGET_PER_SECOND}/s]`);
    const warnings = senders.flatMap((s) => s.lines().map((l) => `${s.name}: ${l}`));
    if (warnings.length > 0)
      out(
        `  sender output (last ${Math.min(10, warnings.length)} of ${warnings.length} lines):\n${warnings
          .slice(-10)
          .map((l) => `    ${l.slice(0, 300)}`)
          .join('\n')}`,
      );
    return {
      config,
      perSecond,
      summary: `${label}: ${perSecond.toFixed(1)} sends/s, p50 ${ms(percentile(times.processingMs, 50))}, p99 ${ms(percentile(times.processingMs, 99))}, ${ms(senderCpuTotal / Math.max(1, sent))} sender CPU per send, ${verdict}`,
    };
  } finally {
    await Promise.all(senders.map((s) => s.stop()));
    run.children.splice(0, run.children.length, ...run.children.filter((c) => !senders.includes(c)));
    await queue.close();
    await release(run);
  }
}

async function main(): Promise<void> {
  const opts = parseSenderOptions(process.argv.slice(2));
  const run: Run = { opts, prefix: `bench-send-${randomBytes(4).toString('hex')}`, children: [] };
  let releasing: Promise<void> | undefined;
  const cleanup = () => (releasing ??= release(run));
  process.on('SIGINT', () => {
    if (releasing) process.exit(130);
    out('SIGINT: cleaning up (again to force)');
    void cleanup().finally(() => process.exit(130));
  });
  try {
    out(`queue prefix ${run.prefix}; each configuration on a fresh database and a fresh sandbox (${opts.sandbox})`);
    const results: ConfigResult[] = [];
    for (const [i, config] of opts.configs.entries()) results.push(await measureConfig(run, config, i));
    out('\nSummary');
    for (const r of results) out(`  ${r.summary}`);
    const best = results.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    out(`  best: ${best.config.processes}×${best.config.concurrency} at ${best.perSecond.toFixed(1)} sends/s`);
  } finally {
    await cleanup();
  }
}

/** Stops the children, removes the prefix's Redis keys, stops the sandbox, drops the database. Never throws; safe to call again. */
async function release(run: Run): Promise<void> {
  const { deps, sandbox, fresh } = run;
  [run.deps, run.sandbox, run.fresh] = [undefined, undefined, undefined];
  await Promise.all(run.children.map((c) => c.stop()));
  run.children.length = 0;
  if (deps) {
    const stray = await removeRunKeys(deps.redis, run.prefix).catch(
      (err: Error) => (out(`  could not remove Redis keys: ${err.message}`), 0),
    );
    out(`  removed the BullMQ keys under ${run.prefix} (${stray} left after obliterate: rate-limit keys)`);
    await deps.close().catch(() => undefined);
  }
  await sandbox?.close().catch(() => undefined);
  await dropOrKeep(fresh, run.opts.keepDb, out);
}

runBench(main);
