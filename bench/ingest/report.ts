import os from 'node:os';
import type { BenchOptions } from './options';
import type { PacedResult, Throughput } from './phases';
import type { Child } from './processes';
import { ms, perSecond, printTable, type Row } from './stats';

const ACKS_PER_SECOND = 2000;
const RATIO_TO_BARE = 0.5;
const ACK_MS = 20;
const E2E_MS = 250;

export interface Results {
  opts: BenchOptions;
  /** Machine CPU busy share in the second before the run started. */
  busyBefore: number;
  a: Throughput;
  b: Throughput;
  drain: { done: number; perSecond: number; seconds: number; cpuMsPerDelivery: number; machineBusy: number };
  drainExpected: number;
  c: PacedResult;
  children: Child[];
}

const below = (value: number, limit: number): Pick<Row, 'target' | 'pass'> => ({ target: `< ${limit} ms`, pass: value < limit });
const pct = (share: number) => (Number.isFinite(share) ? `${Math.round(share * 100)}%` : 'n/a');
const cpu = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');

/** The final table: every figure, with PASS/FAIL where the benchmark has a target. */
export function report({ opts, busyBefore, a, b, drain, drainExpected, c, children }: Results): void {
  const ratio = a.okPerSecond / b.okPerSecond;
  const cores = os.cpus().length;
  const rows: Row[] = [
    { figure: `machine: ${cores} cores, CPU busy before the run`, value: pct(busyBefore) },
    {
      figure: `A ingest acks/s (${opts.n} POSTs, ${opts.concurrency} in flight)`,
      value: perSecond(a.okPerSecond),
      target: `>= ${ACKS_PER_SECOND}/s`,
      pass: a.okPerSecond >= ACKS_PER_SECOND,
    },
    { figure: 'A ingest ack latency p50 / p99', value: `${ms(a.p50)} / ${ms(a.p99)}` },
    { figure: 'A ingest non-200 answers', value: `${a.non200} of ${a.sent}`, target: '0', pass: a.non200 === 0 },
    { figure: 'A ingest CPU per ack (load generator per req)', value: `${cpu(a.cpuMsPerRequest)} (${cpu(a.loadCpuMsPerRequest)})` },
    { figure: 'A machine CPU busy (of which outside the bench)', value: `${pct(a.machineBusy)} (${pct(a.outsideBusy)})` },
    { figure: 'B bare Express req/s (same load)', value: perSecond(b.okPerSecond) },
    { figure: 'B bare latency p50 / p99', value: `${ms(b.p50)} / ${ms(b.p99)}` },
    { figure: 'B bare non-200 answers', value: `${b.non200} of ${b.sent}` },
    { figure: 'B bare CPU per request (load generator per req)', value: `${cpu(b.cpuMsPerRequest)} (${cpu(b.loadCpuMsPerRequest)})` },
    { figure: 'B machine CPU busy (of which outside the bench)', value: `${pct(b.machineBusy)} (${pct(b.outsideBusy)})` },
    { figure: 'A/B ratio ingest / bare (req/s)', value: ratio.toFixed(2), target: `>= ${RATIO_TO_BARE}`, pass: ratio >= RATIO_TO_BARE },
    { figure: 'A/B ratio bare / ingest (CPU per request)', value: (b.cpuMsPerRequest / a.cpuMsPerRequest).toFixed(2) },
    {
      figure: `reply-matcher backlog drain (concurrency ${opts.matcherConcurrency})`,
      value: `${perSecond(drain.perSecond)}, ${drain.done}/${drainExpected} in ${drain.seconds.toFixed(1)} s`,
    },
    { figure: 'reply-matcher CPU per delivery; machine busy', value: `${cpu(drain.cpuMsPerDelivery)}; ${pct(drain.machineBusy)}` },
    { figure: `C sent at ${opts.rate}/s`, value: `${c.sent} in ${c.sendSeconds.toFixed(1)} s, ${c.ackNon200} non-200` },
    { figure: 'C ack latency p50', value: ms(c.ackP50), ...below(c.ackP50, ACK_MS) },
    { figure: 'C ack latency p99', value: ms(c.ackP99), ...below(c.ackP99, ACK_MS) },
    {
      figure: 'C processed / matched (lead responded)',
      value: `${c.processed} / ${c.matched} of ${c.sent}`,
      target: 'all',
      pass: c.matched === c.sent && c.sent > 0,
    },
    { figure: 'C end-to-end p50 (POST -> responded)', value: ms(c.e2eP50), ...below(c.e2eP50, E2E_MS) },
    { figure: 'C end-to-end p99 (POST -> responded)', value: ms(c.e2eP99), ...below(c.e2eP99, E2E_MS) },
    { figure: 'C   of which POST -> ingest receivedAt p50', value: ms(c.toIngestP50) },
    { figure: 'C   of which receivedAt -> processed p50 / p99', value: `${ms(c.matchP50)} / ${ms(c.matchP99)}` },
    { figure: 'C machine CPU busy', value: pct(c.machineBusy) },
  ];
  printTable(`webhook-ingest benchmark (LOG_LEVEL=${opts.logLevel}; see bench/README.md for what each figure means)`, rows);

  for (const child of children) {
    if (child.lineCount() === 0) continue;
    console.log(`\n${child.name} printed ${child.lineCount()} line(s); the last:`);
    for (const line of child.lines().slice(-2)) console.log(`  ${line.slice(0, 240)}`);
  }
}
