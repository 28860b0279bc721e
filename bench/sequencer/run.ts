/**
 * `pnpm --filter @outreach/bench sequencer`: one sequencer tick over a large lead table. Seeds a
 * fresh database (200,000 leads, 5,000 of them due by default), prints the EXPLAIN ANALYZE of the
 * due-lead query, then times `processRunSequenceTick` with the service's own deps and config
 * defaults against a real Redis prefix, and a second tick with nothing left due. Figures are
 * printed, never asserted. See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startCpuWindow } from '../ingest/cpu';
import { removeRunKeys } from '../ingest/redis-keys';
import { lockDueLeads, type Tx } from '@outreach/db';
import { sendOutboundActionJob, sendOutboundActionJobId } from '@outreach/queues';
import { planLead } from '../../services/sequencer/src/planning/plan-lead';
import { createDeps, type OwnedDeps, type SequencerDeps } from '../../services/sequencer/src/deps';
import { loadSequencerConfig } from '../../services/sequencer/src/config';
import { processRunSequenceTick, type TickResult } from '../../services/sequencer/src/processors/run-sequence-tick';
import { explainDueQuery, explainTickBatch, statementLabel } from './explain';
import { createFreshDatabase, type FreshDatabase } from '@outreach/testing';
import { describeSeed, seedSequencerWorld, type SeedShape } from './seed';
import { runBench } from '../support/lifecycle';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_MS = 2000;
const USAGE = `pnpm --filter @outreach/bench sequencer [--leads 200000] [--due 5000] [--paused 0] [--campaigns 20]
        [--accounts 10] [--batch <SEQUENCER_BATCH_SIZE default>] [--no-explain | --explain-all] [--keep-db]
  default: the due-lead query's plan in full, one line per write statement of a batch
  --explain-all: also the generic plan of the due-lead query and every write statement in full`;

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (v: number) => `${v.toFixed(1)} ms`;
const int = (v: number) => v.toLocaleString('en-US');

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      leads: { type: 'string', default: '200000' },
      due: { type: 'string', default: '5000' },
      paused: { type: 'string', default: '0' },
      campaigns: { type: 'string', default: '20' },
      accounts: { type: 'string', default: '10' },
      batch: { type: 'string' },
      'no-explain': { type: 'boolean', default: false },
      'explain-all': { type: 'boolean', default: false },
      'keep-db': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    out(USAGE);
    process.exit(0);
  }
  const n = (name: string, raw: string | undefined, min: number) => {
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min || v > 5_000_000) throw new Error(`--${name} must be an integer ≥ ${min}\n${USAGE}`);
    return v;
  };
  const shape: SeedShape = {
    leads: n('leads', values.leads, 1),
    due: n('due', values.due, 0),
    paused: n('paused', values.paused, 0),
    campaigns: n('campaigns', values.campaigns, 1),
    accounts: n('accounts', values.accounts, 1),
  };
  return {
    shape,
    batch: values.batch === undefined ? undefined : n('batch', values.batch, 1),
    explain: values['no-explain'] ? ('none' as const) : values['explain-all'] ? ('all' as const) : ('due' as const),
    keepDb: values['keep-db'] ?? false,
  };
}

type Query = Parameters<Tx['execute']>[0];
type Dialect = { sqlToQuery(query: Query): { sql: string } };

const bindAll = (target: object, prop: string | symbol) => {
  const value: unknown = Reflect.get(target, prop, target);
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
};

/**
 * The service's deps, measured on the side: time in DB transactions, in each statement the tick
 * sends through `tx.execute` (by query function), and in `addBulk`. What is left of a transaction
 * after its statements is JavaScript: planning every lead against its calendar, building payloads.
 */
function timed(deps: SequencerDeps) {
  const spent = { transactionsMs: 0, addBulkMs: 0, statements: new Map<string, { ms: number; n: number }>() };
  const add = (label: string, elapsed: number) => {
    const entry = spent.statements.get(label) ?? { ms: 0, n: 0 };
    spent.statements.set(label, { ms: entry.ms + elapsed, n: entry.n + 1 });
  };
  const measuredTx = (tx: Tx): Tx =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop !== 'execute') return bindAll(target, prop);
        return async (query: Query) => {
          const text = (target as unknown as { dialect: Dialect }).dialect.sqlToQuery(query).sql;
          const label = statementLabel(text);
          const started = performance.now();
          try {
            return await target.execute(query);
          } finally {
            add(label, performance.now() - started);
          }
        };
      },
    });
  const db = new Proxy(deps.db, {
    get(target, prop) {
      if (prop !== 'transaction') return bindAll(target, prop);
      return async (work: (tx: Tx) => Promise<unknown>, config?: unknown) => {
        const started = performance.now();
        try {
          return await target.transaction((tx) => work(measuredTx(tx)), config as never);
        } finally {
          spent.transactionsMs += performance.now() - started;
        }
      };
    },
  });
  const outboundActions = new Proxy(deps.queues.outboundActions, {
    get(target, prop) {
      if (prop !== 'addBulk') return bindAll(target, prop);
      return async (jobs: Parameters<typeof target.addBulk>[0]) => {
        const started = performance.now();
        try {
          return await target.addBulk(jobs);
        } finally {
          spent.addBulkMs += performance.now() - started;
        }
      };
    },
  });
  return { deps: { ...deps, db, queues: { ...deps.queues, outboundActions } } as SequencerDeps, spent };
}

class Rollback extends Error {}

/**
 * The tick's JavaScript alone: `planLead` over every due lead (read with `lockDueLeads`, then
 * rolled back), and building their BullMQ job entries (a zod parse each), timed apart from I/O.
 */
async function timePlanning(deps: SequencerDeps, limit: number): Promise<void> {
  await deps.db
    .transaction(async (tx) => {
      const now = new Date();
      const due = await lockDueLeads(tx, now, limit);
      const planning = performance.now();
      const plans = due.map((lead) => planLead(lead, now));
      const planMs = performance.now() - planning;
      const building = performance.now();
      for (const [i, plan] of plans.entries()) {
        if (plan.kind === 'enqueue')
          sendOutboundActionJobId(
            sendOutboundActionJob.schema.parse({ leadId: due[i]!.leadId, step: plan.step, action: plan.action, revision: 0 }),
          );
      }
      const buildMs = performance.now() - building;
      out(
        `\nplanLead over ${int(due.length)} due leads: ${ms(planMs)} (${((planMs * 1000) / Math.max(1, due.length)).toFixed(1)} µs per lead); job entries: ${ms(buildMs)}`,
      );
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
}

async function tick(deps: SequencerDeps, label: string): Promise<{ result: TickResult; wallMs: number }> {
  const { deps: measured, spent } = timed(deps);
  const started = performance.now();
  const result = await processRunSequenceTick(measured, new Date());
  const wallMs = performance.now() - started;
  out(`\n${label}`);
  const rows: Array<[string, string]> = [
    ['tick wall time', ms(wallMs)],
    ['leads scanned (locked and planned)', int(result.scanned)],
    ['jobs enqueued', int(result.enqueued)],
    ['rescheduled / completed', `${int(result.rescheduled)} / ${int(result.completed)}`],
    ['batches (transactions)', String(result.batches)],
    ['ms per batch', result.batches > 0 ? ms(wallMs / result.batches) : '-'],
    ['  of which in DB transactions', ms(spent.transactionsMs)],
    ['  of which in addBulk (Redis)', ms(spent.addBulkMs)],
  ];
  let inStatements = 0;
  for (const [label, { ms: t, n }] of spent.statements) {
    inStatements += t;
    rows.push([`    ${label}`, `${ms(t)} in ${n} statements`]);
  }
  if (result.batches > 0) rows.push(['    the rest (JS: planning, payloads, commit)', ms(spent.transactionsMs - inStatements)]);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) out(`  ${k.padEnd(width)}  ${v}`);
  return { result, wallMs };
}

async function main(): Promise<void> {
  const opts = options();
  const prefix = `bench-seq-${randomBytes(4).toString('hex')}`;
  let fresh: FreshDatabase | undefined;
  let deps: OwnedDeps | undefined;
  let cleaning: Promise<void> | undefined;
  // Whatever happens (Ctrl-C too): the prefix's keys deleted, the database dropped.
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (deps) {
        const stray = await removeRunKeys(deps.redis, prefix).catch(
          (err: Error) => (out(`could not remove Redis keys: ${err.message}`), 0),
        );
        out(`removed the BullMQ keys under ${prefix} (${stray} left after obliterate)`);
        await deps.close().catch(() => undefined);
      }
      if (fresh && !opts.keepDb) {
        await fresh.drop().catch((err: Error) => out(`could not drop ${fresh?.name}: ${err.message}`));
        out(`dropped ${fresh.name}`);
      } else if (fresh) out(`kept ${fresh.url}`);
    })());
  process.once('SIGINT', () => {
    out('SIGINT: cleaning up');
    void cleanup().finally(() => process.exit(130));
  });
  try {
    const idle = startCpuWindow([]);
    await new Promise((r) => setTimeout(r, 1000));
    const busy = idle().machineBusy * 100;
    out(
      `machine CPU busy in the second before: ${busy.toFixed(0)}%${busy > 20 ? ' — something else is running: the figures below will be high' : ''}`,
    );
    fresh = await createFreshDatabase('bench_seq');
    const config = loadSequencerConfig({
      DATABASE_URL: fresh.url,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      ...(opts.batch ? { SEQUENCER_BATCH_SIZE: String(opts.batch) } : {}),
    });
    deps = createDeps(config);
    out(
      `database ${fresh.name}, queue prefix ${prefix}; SEQUENCER_BATCH_SIZE ${config.SEQUENCER_BATCH_SIZE}, SEQUENCER_MAX_BATCHES ${config.SEQUENCER_MAX_BATCHES}, pool ${config.DATABASE_POOL_SIZE}`,
    );

    const seeding = performance.now();
    const seededAt = new Date();
    await seedSequencerWorld(deps.database, opts.shape, seededAt);
    const seed = await describeSeed(deps.database, seededAt);
    out(
      `seeded ${int(opts.shape.leads)} leads (${opts.shape.campaigns} active campaigns${opts.shape.paused ? ' + 2 paused' : ''}, ${opts.shape.accounts} accounts) and ran ANALYZE in ${ms(performance.now() - seeding)}`,
    );
    out(`leads table ${seed.leadsTableMb.toFixed(1)} MB with indexes; leads_due_idx ${seed.dueIndexMb.toFixed(2)} MB`);
    out('  status          past next_action_at     count');
    for (const c of seed.counts) out(`  ${c.status.padEnd(16)}${String(c.due).padEnd(24)}${int(c.n)}`);

    if (opts.explain !== 'none') {
      for (const mode of opts.explain === 'all' ? (['custom', 'generic'] as const) : (['custom'] as const)) {
        out(
          `\nEXPLAIN (ANALYZE, BUFFERS) of lockDueLeads(now, ${config.SEQUENCER_BATCH_SIZE}), ${mode} plan, in a rolled-back transaction:`,
        );
        for (const line of await explainDueQuery(deps.db, new Date(), config.SEQUENCER_BATCH_SIZE, mode)) out(`  ${line}`);
      }
      const batch = await explainTickBatch(deps, (d) => processRunSequenceTick(d, new Date()));
      out(`\nEXPLAIN (ANALYZE, BUFFERS) of each statement of one tick batch (rolled back; then VACUUM ANALYZE):`);
      for (const { statement, plan } of batch) {
        const time = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?';
        out(`  ${time.padStart(10)}  ${statement}`);
        if (opts.explain === 'all') for (const line of plan) out(`      ${line}`);
      }
      await deps.database.sql`vacuum analyze leads, outbound_actions`;
    }

    await timePlanning(deps, opts.shape.due);
    const first = await tick(deps, `Tick 1 (${int(opts.shape.due)} due)`);
    const second = await tick(deps, 'Tick 2 (nothing left due)');
    const [queued] = await deps.database.sql<Array<{ n: number }>>`select count(*)::int as n from outbound_actions where status = 'queued'`;
    const counts = await deps.queues.outboundActions.getJobCounts('waiting', 'delayed', 'active');
    out(
      `\noutbound_actions queued: ${int(queued?.n ?? 0)}; jobs in outbound-actions: ${int(counts.waiting ?? 0)} waiting, ${int(counts.delayed ?? 0)} delayed`,
    );
    const verdict = first.wallMs < TARGET_MS ? 'PASS' : 'MISS';
    out(
      `\n${verdict}: first tick ${ms(first.wallMs)} for ${int(first.result.enqueued)} jobs over ${int(opts.shape.leads)} leads [target < ${TARGET_MS} ms]; second tick ${ms(second.wallMs)}`,
    );
  } finally {
    await cleanup();
  }
}

runBench(main);
