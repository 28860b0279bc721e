/**
 * `pnpm --filter @outreach/bench scale`: the scale model. Seeds accounts, clients and leads over
 * twelve time zones, then drives one simulated working day, compressed into `--minutes` real
 * minutes, through the real sequencer tick (called in this process, one tick at a time as its
 * worker runs them) and the real sender processors (in `--senders` child processes, their
 * `createJobWorker` table with the simulated clock injected) against the Unipile sandbox (its own
 * process) over HTTP. Judged from the sandbox's record of calls. Figures are printed, never
 * asserted. See bench/README.md.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { QUEUES } from '@outreach/queues';
import { createFreshDatabase, type FreshDatabase } from '@outreach/testing';
import { loadSequencerConfig } from '../../services/sequencer/src/config';
import { createDeps, type OwnedDeps } from '../../services/sequencer/src/deps';
import { processRunSequenceTick } from '../../services/sequencer/src/processors/run-sequence-tick';
import { busyBefore, startCpuWindow } from '../ingest/cpu';
import { ROOT, startChild, waitUntil, type Child } from '../ingest/processes';
import { removeRunKeys } from '../ingest/redis-keys';
import { percentile } from '../sender/measure';
import { startBenchSandbox, type BenchSandbox } from '../sender/sandbox';
import { lineToEnv, simNow, type SimLine } from './clock';
import { judge, type Verdict } from './judge';
import { parseScaleOptions, type ScaleOptions } from './options';
import { redisFootprint } from './redis-footprint';
import { seedScaleWorld } from './seed';
import { dropOrKeep, runBench } from '../support/lifecycle';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const out = (line = '') => process.stdout.write(`${line}\n`);
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const simClock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

interface Run {
  opts: ScaleOptions;
  prefix: string;
  children: Child[];
  fresh?: FreshDatabase;
  deps?: OwnedDeps;
  sandbox?: BenchSandbox;
}

interface TickStats {
  durationsMs: number[];
  enqueued: number;
  /** Simulated seconds from one tick's start to the next's. */
  simGapsS: number[];
}

/** Ticks one at a time on the simulated clock until `untilSim`, printing progress every 30 s. */
async function driveDay(run: Run, line: SimLine, untilSim: number, queue: Queue): Promise<TickStats> {
  // The lease is about processing latency (how long a job may wait in Redis before the tick
  // re-enqueues it), which the compression multiplies by `speed`: kept at its 900 real seconds.
  const owned = run.deps!;
  const deps = { ...owned, tick: { ...owned.tick, leaseMs: Math.round(owned.tick.leaseMs * line.speed) } };
  const stats: TickStats = { durationsMs: [], enqueued: 0, simGapsS: [] };
  const everyRealMs = (run.opts.tickSeconds * 1000) / line.speed;
  let lastPrint = Date.now();
  let lastStart: number | undefined;
  for (;;) {
    const now = simNow(line);
    if (now.getTime() >= untilSim) break;
    if (lastStart !== undefined) stats.simGapsS.push((now.getTime() - lastStart) / 1000);
    lastStart = now.getTime();
    const began = performance.now();
    const tick = await processRunSequenceTick(deps, now);
    const took = performance.now() - began;
    stats.durationsMs.push(took);
    stats.enqueued += tick.enqueued;
    if (Date.now() - lastPrint >= 30_000) {
      lastPrint = Date.now();
      const [row] = await owned.database.sql<Array<{ sent: number }>>`
        select count(*)::int as sent from outbound_actions where status = 'sent'`;
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
      out(
        `  sim ${simClock(now.getTime())} UTC: ${int(row?.sent ?? 0)} sent, jobs waiting ${int(counts.waiting ?? 0)} / active ${int(counts.active ?? 0)} / delayed ${int(counts.delayed ?? 0)}, last tick ${took.toFixed(0)} ms`,
      );
    }
    const rest = everyRealMs - took;
    if (rest > 0) await sleep(rest);
  }
  return stats;
}

async function main(): Promise<void> {
  const opts = parseScaleOptions(process.argv.slice(2));
  const run: Run = { opts, prefix: `bench-scale-${randomBytes(4).toString('hex')}`, children: [] };
  let releasing: Promise<void> | undefined;
  const cleanup = () => (releasing ??= release(run));
  process.on('SIGINT', () => {
    if (releasing) process.exit(130);
    out('SIGINT: cleaning up (again to force)');
    void cleanup().finally(() => process.exit(130));
  });
  const wall = performance.now();
  try {
    const busy = await busyBefore();
    out(
      `scale model: ${int(opts.accounts)} accounts, ${int(opts.clients)} clients, ${int(opts.leads)} leads, ${opts.duePerAccount} invites due per account (cap ${opts.inviteCap}/day, ${opts.weeklyInviteCap}/week, spacing ${opts.minSpacing}–${opts.maxSpacing} s)`,
    );
    out(
      `  machine CPU busy in the second before: ${busy.toFixed(0)}%${busy > 20 ? ' — something else is running: the figures below will be low' : ''}`,
    );
    const fresh = (run.fresh = await createFreshDatabase('bench_scale'));
    const deps = (run.deps = createDeps(
      loadSequencerConfig({ DATABASE_URL: fresh.url, REDIS_URL, QUEUE_PREFIX: run.prefix, LOG_LEVEL: 'warn' }),
    ));
    const sandbox = (run.sandbox = await startBenchSandbox('child', run.children));
    const redisBefore = await redisFootprint(deps.redis, run.prefix);

    const seeded = await seedScaleWorld(deps.database, sandbox.control, opts);
    out(
      `  seeded in ${(seeded.seconds.database + seeded.seconds.sandbox).toFixed(0)} s (Postgres ${seeded.seconds.database.toFixed(0)} s, sandbox ${seeded.seconds.sandbox.toFixed(0)} s): ${int(seeded.leads)} leads, ${int(seeded.dueToday)} due today`,
    );

    // The simulated day runs from just before the first window opens to the last one's close.
    const simStart = seeded.firstOpen - 5 * 60_000;
    const simEnd = seeded.lastClose + 5 * 60_000;
    const speed = (simEnd - simStart) / (opts.minutes * 60_000);
    const line: SimLine = { realOrigin: Date.now() + 20_000, simOrigin: simStart, speed };
    out(
      `  simulated ${new Date(simStart).toISOString().slice(0, 16)} → ${simClock(simEnd)} UTC (${((simEnd - simStart) / 3_600_000).toFixed(1)} h) in ${opts.minutes} real minutes: ×${speed.toFixed(1)} (1 real ms = ${(speed / 1000).toFixed(2)} simulated s); the sequencer lease stays 900 real s`,
    );

    const queue = new Queue(QUEUES.outboundActions, { connection: deps.redis, prefix: run.prefix });
    const senders: Child[] = [];
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: opts.logLevel,
      DATABASE_URL: fresh.url,
      REDIS_URL,
      QUEUE_PREFIX: run.prefix,
      UNIPILE_DSN: sandbox.url,
      UNIPILE_API_KEY: sandbox.apiKey,
      OUTBOUND_SENDER_CONCURRENCY: String(opts.concurrency),
      ...lineToEnv(line),
    };
    for (let i = 0; i < opts.senders; i += 1) {
      const child = startChild(`sender-${i + 1}`, path.join(ROOT, 'bench', 'scale', 'sender-worker.ts'), env);
      senders.push(child);
      run.children.push(child);
    }
    await waitUntil(`${opts.senders} sender workers`, async () => (await queue.getWorkersCount()) >= opts.senders, 60_000, senders[0]);
    const wait = line.realOrigin - Date.now();
    if (wait > 0) await sleep(wait);
    else out(`  note: the senders took ${(-wait / 1000).toFixed(1)} s longer to start than allowed; the day started without them`);

    const pids = [...senders.map((s) => s.child.pid), sandbox.child?.child.pid];
    const cpu = startCpuWindow(pids);
    const benchCpu = process.cpuUsage();
    const pgBefore = await pgCounters(run);
    out(`\n── the simulated day ──`);
    const ticks = await driveDay(run, line, simEnd, queue);
    // Whatever is waiting or active at the last close finishes (it will find its window closed).
    const drainDeadline = Date.now() + 60_000;
    for (;;) {
      const c = await queue.getJobCounts('waiting', 'active');
      if ((c.waiting ?? 0) + (c.active ?? 0) === 0 || Date.now() > drainDeadline) break;
      await sleep(250);
    }
    const window = cpu();
    const benchCpuMs = (() => {
      const u = process.cpuUsage(benchCpu);
      return (u.user + u.system) / 1000;
    })();
    const pgAfter = await pgCounters(run);
    const realSeconds = (Date.now() - line.realOrigin) / 1000;
    const jobCounts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    await Promise.all(senders.map((s) => s.stop(30_000)));
    const stats = senders.map((s) => s.lines().find((l) => l.startsWith('scale-stats ')));
    const merged = mergeStats(stats);

    out(`\n── judged from the sandbox's record of calls ──`);
    const log = await sandbox.control.sent();
    const verdict = await judge(deps.database, line, log.invitations, opts.graceMs);
    const actions = await deps.database.sql<Array<{ status: string; n: number }>>`
      select status::text as status, count(*)::int as n from outbound_actions group by 1 order by 2 desc`;
    const [sizes] = await deps.database.sql<Array<{ db: string; leads: string; events: string; actions: string; usage: string }>>`
      select pg_database_size(current_database())::text as db, pg_total_relation_size('leads')::text as leads,
             pg_total_relation_size('events')::text as events, pg_total_relation_size('outbound_actions')::text as actions,
             pg_total_relation_size('rate_usage')::text as usage`;
    const redisAfter = await redisFootprint(deps.redis, run.prefix);
    await queue.close();

    report({
      opts,
      line,
      verdict,
      ticks,
      realSeconds,
      jobCounts,
      merged,
      actions,
      sizes: sizes!,
      redis: { before: redisBefore, after: redisAfter },
      cpu: {
        senders: window.perPid.slice(0, opts.senders),
        sandbox: window.perPid[opts.senders] ?? Number.NaN,
        bench: benchCpuMs,
        ...window,
      },
      pg: { commits: pgAfter.commits - pgBefore.commits, seconds: realSeconds },
      dueToday: seeded.dueToday,
    });
    out(`\nwall time ${((performance.now() - wall) / 60_000).toFixed(1)} min`);
  } finally {
    await cleanup();
  }
}

async function pgCounters(run: Run): Promise<{ commits: number }> {
  const [row] = await run.deps!.database.sql<Array<{ commits: string }>>`
    select xact_commit::text as commits from pg_stat_database where datname = current_database()`;
  return { commits: Number(row?.commits ?? Number.NaN) };
}

function mergeStats(lines: Array<string | undefined>): {
  outcomes: Record<string, number>;
  deferrals: Record<string, number>;
  missing: number;
} {
  const outcomes: Record<string, number> = {};
  const deferrals: Record<string, number> = {};
  let missing = 0;
  for (const l of lines) {
    if (!l) {
      missing += 1;
      continue;
    }
    const parsed = JSON.parse(l.slice('scale-stats '.length)) as { outcomes: Record<string, number>; deferrals: Record<string, number> };
    for (const [k, n] of Object.entries(parsed.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + n;
    for (const [k, n] of Object.entries(parsed.deferrals)) deferrals[k] = (deferrals[k] ?? 0) + n;
  }
  return { outcomes, deferrals, missing };
}

interface ReportInput {
  opts: ScaleOptions;
  line: SimLine;
  verdict: Verdict;
  ticks: TickStats;
  realSeconds: number;
  jobCounts: Record<string, number>;
  merged: ReturnType<typeof mergeStats>;
  actions: Array<{ status: string; n: number }>;
  sizes: { db: string; leads: string; events: string; actions: string; usage: string };
  redis: { before: Awaited<ReturnType<typeof redisFootprint>>; after: Awaited<ReturnType<typeof redisFootprint>> };
  cpu: { senders: number[]; sandbox: number; bench: number; machineBusy: number; outsideBusy: number };
  pg: { commits: number; seconds: number };
  dueToday: number;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const s1 = (v: number) => `${v.toFixed(1)} s`;

function report(r: ReportInput): void {
  const { verdict: v, opts } = r;
  const expected = Math.min(opts.duePerAccount, opts.inviteCap) * opts.accounts;
  const senderCpu = r.cpu.senders.reduce((a, b) => a + b, 0);
  const perProcess = v.sendsPerSecond / opts.senders;
  const rows: Array<[string, string]> = [
    ['invitations the sandbox received', `${int(v.sends)} of ${int(expected)} allowed by the caps (${int(r.dueToday)} due)`],
    [
      'sends/s sustained (first to last call, real)',
      `${v.sendsPerSecond.toFixed(1)}/s; busiest real minute ${v.peakMinutePerSecond.toFixed(1)}/s`,
    ],
    ['VIOLATIONS: spacing / daily cap / weekly cap', `${v.spacingViolations} / ${v.dailyCapViolations} / ${v.weeklyCapViolations}`],
    [
      'VIOLATIONS: outside window (beyond grace) / duplicate / not due / early',
      `${v.outsideWindow} / ${v.duplicates} / ${v.notDue} / ${v.early}`,
    ],
    [
      `landed after the close by < ${opts.graceMs} real ms (decided inside)`,
      `${v.edgeOfWindow} calls, at most ${v.edgeOvershootRealMs.toFixed(0)} real ms = ${((v.edgeOvershootRealMs * r.line.speed) / 1000).toFixed(1)} simulated s late`,
    ],
    ['smallest gap between two calls of an account', `${s1(v.smallestGapSeconds)} simulated (minimum ${opts.minSpacing} s)`],
    ['busiest account-day', `${v.busiestAccountDay} invitations (cap ${opts.inviteCap})`],
    ['lateness p50 / p99 / max (call − due, simulated)', `${s1(v.lateness.p50)} / ${s1(v.lateness.p99)} / ${s1(v.lateness.max)}`],
    [
      "  beyond the account's spacing (call − max(due, previous call + max spacing))",
      `${s1(v.latenessBeyondSpacing.p50)} / ${s1(v.latenessBeyondSpacing.p99)} / ${s1(v.latenessBeyondSpacing.max)} = ${((v.latenessBeyondSpacing.p99 / r.line.speed) * 1000).toFixed(0)} real ms at p99`,
    ],
    [
      'sequencer tick p50 / p99 / max (real)',
      `${percentile(r.ticks.durationsMs, 50).toFixed(1)} / ${percentile(r.ticks.durationsMs, 99).toFixed(1)} / ${Math.max(...r.ticks.durationsMs).toFixed(0)} ms over ${int(r.ticks.durationsMs.length)} ticks, ${int(r.ticks.enqueued)} jobs enqueued`,
    ],
    [
      'simulated seconds between ticks p50 / p99',
      `${percentile(r.ticks.simGapsS, 50).toFixed(1)} / ${percentile(r.ticks.simGapsS, 99).toFixed(1)} (asked: ${opts.tickSeconds})`,
    ],
    ['outbound_actions by status', r.actions.map((a) => `${a.status} ${int(a.n)}`).join(', ')],
    [
      'jobs at the end',
      Object.entries(r.jobCounts)
        .map(([k, n]) => `${k} ${int(n)}`)
        .join(', '),
    ],
    [
      'send outcomes (sender processes)',
      Object.entries(r.merged.outcomes)
        .map(([k, n]) => `${k} ${int(n)}`)
        .join(', ') || '(none)',
    ],
    [
      'deferrals by reason',
      Object.entries(r.merged.deferrals)
        .map(([k, n]) => `${k} ${int(n)}`)
        .join(', ') || '(none)',
    ],
    [
      'Postgres: database / leads / events / outbound_actions / rate_usage',
      `${mb(Number(r.sizes.db))} / ${mb(Number(r.sizes.leads))} / ${mb(Number(r.sizes.events))} / ${mb(Number(r.sizes.actions))} / ${mb(Number(r.sizes.usage))}`,
    ],
    [
      'Postgres commits/s during the day',
      `${(r.pg.commits / r.pg.seconds).toFixed(0)}/s (${int(r.pg.commits)} in ${r.pg.seconds.toFixed(0)} s)`,
    ],
    [
      'Redis: keys / memory under the run prefix (completed jobs kept 7 days)',
      `${int(r.redis.after.keys)} keys, ≈ ${mb(r.redis.after.bytes)} (${int(r.redis.after.bytes / Math.max(1, v.sends))} bytes per send); used_memory ${mb(r.redis.before.usedMemory)} → ${mb(r.redis.after.usedMemory)} (shared Redis)`,
    ],
    [
      'CPU: senders / sandbox / bench (sequencer) per send',
      `${(senderCpu / Math.max(1, v.sends)).toFixed(2)} / ${(r.cpu.sandbox / Math.max(1, v.sends)).toFixed(2)} / ${(r.cpu.bench / Math.max(1, v.sends)).toFixed(2)} ms`,
    ],
    [
      'machine CPU busy (outside the bench: Postgres, Redis, others)',
      `${(r.cpu.machineBusy * 100).toFixed(0)}% (${(r.cpu.outsideBusy * 100).toFixed(0)}%)`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, val] of rows) out(`  ${k.padEnd(width)}  ${val}`);
  const violations =
    v.spacingViolations + v.dailyCapViolations + v.weeklyCapViolations + v.outsideWindow + v.duplicates + v.notDue + v.early;
  out(`  ${violations === 0 ? 'PASS' : 'FAIL'}: ${violations} violations [must be 0]`);

  // Capacity: what one of each carried here, and 10M leads at the full model's mix (200 leads per
  // account, 100 invites a day each: 50,000 accounts, 5M invites a day over the same 20 h span).
  const sends = Math.max(1, v.sends);
  const cpuPerSendMs = senderCpu / sends;
  const peakFactor = v.peakMinutePerSecond / v.sendsPerSecond;
  const leadBytes = Number(r.sizes.leads) / opts.leads;
  const historyBytes = (Number(r.sizes.events) + Number(r.sizes.actions) + Number(r.sizes.usage)) / sends;
  const redisPerSend = r.redis.after.bytes / sends;
  const target = { leads: 10_000_000, accounts: 50_000, perDay: 5_000_000, spanS: 20 * 3600 };
  const peak = (target.perDay / target.spanS) * peakFactor;
  out(`\n── capacity (this machine, shared; see bench/README.md) ──`);
  out(
    `  one sender process: ${perProcess.toFixed(1)} sends/s here (${cpuPerSendMs.toFixed(2)} ms CPU per send, idle polling included → ≈ ${(1000 / cpuPerSendMs).toFixed(0)}/s on a core of its own)`,
  );
  out(
    `  one sequencer: tick p50 / p99 ${percentile(r.ticks.durationsMs, 50).toFixed(0)} / ${percentile(r.ticks.durationsMs, 99).toFixed(0)} ms at ${int(opts.leads)} leads (production ticks every 10 s)`,
  );
  out(
    `  Postgres: ${leadBytes.toFixed(0)} bytes per lead (table + indexes), ${historyBytes.toFixed(0)} bytes of history per send (events, outbound_actions, rate_usage)`,
  );
  out(`  Redis: ${redisPerSend.toFixed(0)} bytes per send while its completed job is kept (7 days)`);
  out(`  10M leads (${int(target.accounts)} accounts, ${int(target.perDay)} invites a day over 20 h):`);
  out(
    `    ${(target.perDay / target.spanS).toFixed(0)} sends/s on average, ${peak.toFixed(0)}/s at the busiest minute (×${peakFactor.toFixed(1)} as measured) → ${Math.ceil(peak / (1000 / cpuPerSendMs))} sender core(s) at the measured CPU per send`,
  );
  out(
    `    Postgres ${mb(leadBytes * target.leads)} of leads + ${mb(historyBytes * target.perDay)} of history a day; Redis ${mb(redisPerSend * target.perDay * 7)} for a week of completed send jobs`,
  );
}

/** Stops the children, removes the prefix's Redis keys, stops the sandbox, drops the database. Never throws; safe to call again. */
async function release(run: Run): Promise<void> {
  const { deps, sandbox, fresh } = run;
  [run.deps, run.sandbox, run.fresh] = [undefined, undefined, undefined];
  await Promise.all(run.children.map((c) => c.stop()));
  run.children.length = 0;
  if (deps) {
    await removeRunKeys(deps.redis, run.prefix).catch((err: Error) => (out(`  could not remove Redis keys: ${err.message}`), 0));
    out(`  removed the keys under ${run.prefix}`);
    await deps.close().catch(() => undefined);
  }
  await sandbox?.close().catch(() => undefined);
  await dropOrKeep(fresh, run.opts.keepDb, out);
}

runBench(main);
