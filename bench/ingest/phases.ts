import { performance } from 'node:perf_hooks';
import type { Database } from '@outreach/db';
import { startCpuWindow } from './cpu';
import { runClosedLoop, runPaced, type Target } from './load';
import type { BenchAccount } from './payloads';
import { countProcessed, loadDeliveryTimes } from './seed';
import { percentile } from './stats';

export interface Throughput {
  /** Warm-up requests answered 200 (not part of the figures, but deliveries all the same). */
  warmOk: number;
  sent: number;
  ok: number;
  non200: number;
  okPerSecond: number;
  p50: number;
  p99: number;
  /** CPU the server process spent per request (all its threads). */
  cpuMsPerRequest: number;
  /** CPU this process (the load generator) spent per request. */
  loadCpuMsPerRequest: number;
  /** Share of the machine's CPU (all cores) busy meanwhile, 0–1. */
  machineBusy: number;
  /** The part of it outside the bench's own processes: Redis, Postgres, other work. */
  outsideBusy: number;
}

const PHASE_MAX_MS = 120_000;

export interface ThroughputLoad {
  target: Target;
  /** The server under test, and the bench's other children (their CPU is not "outside"). */
  serverPid: number | undefined;
  otherPids: Array<number | undefined>;
  concurrency: number;
  signal: AbortSignal;
}

/** Warm-up (not measured), then every body once at fixed concurrency: answers per second and latency. */
export async function measureThroughput(load: ThroughputLoad, warmup: Buffer[], bodies: Buffer[]): Promise<Throughput> {
  const { target, concurrency, signal } = load;
  const warm = await runClosedLoop(target, warmup, concurrency, PHASE_MAX_MS, signal);
  const cpu = startCpuWindow([load.serverPid, process.pid, ...load.otherPids]);
  const { samples, elapsedMs } = await runClosedLoop(target, bodies, concurrency, PHASE_MAX_MS, signal);
  const { perPid, machineBusy, outsideBusy } = cpu();
  const ok = samples.filter((s) => s.status === 200).length;
  const latencies = samples.map((s) => s.latencyMs);
  return {
    warmOk: warm.samples.filter((s) => s.status === 200).length,
    sent: samples.length,
    ok,
    non200: samples.length - ok,
    okPerSecond: (ok * 1000) / elapsedMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuMsPerRequest: (perPid[0] ?? Number.NaN) / samples.length,
    loadCpuMsPerRequest: (perPid[1] ?? Number.NaN) / samples.length,
    machineBusy,
    outsideBusy,
  };
}

/**
 * Waits (bounded) until reply-matcher has finished `expected` deliveries of the account; returns
 * how many it did per second meanwhile and the CPU it spent on each.
 */
export async function waitForProcessed(
  database: Database,
  account: BenchAccount,
  expected: number,
  timeoutMs: number,
  signal: AbortSignal,
  matcherPid?: number,
) {
  const start = performance.now();
  const cpu = startCpuWindow([matcherPid]);
  const before = await countProcessed(database, account);
  let done = before;
  while (done < expected && performance.now() - start < timeoutMs && !signal.aborted) {
    await new Promise((r) => setTimeout(r, 200));
    done = await countProcessed(database, account);
  }
  const seconds = (performance.now() - start) / 1000;
  const { perPid, machineBusy } = cpu();
  return {
    done,
    perSecond: (done - before) / seconds,
    seconds,
    cpuMsPerDelivery: (perPid[0] ?? Number.NaN) / (done - before),
    machineBusy,
  };
}

export interface PacedResult {
  sent: number;
  ackNon200: number;
  sendSeconds: number;
  ackP50: number;
  ackP99: number;
  processed: number;
  matched: number;
  e2eP50: number;
  e2eP99: number;
  /** POST sent → ingest stamped receivedAt (both clocks of this machine). */
  toIngestP50: number;
  /** ingest receivedAt → reply-matcher processedAt: queue wait plus matching. */
  matchP50: number;
  matchP99: number;
  /** Share of the machine's CPU busy from the first POST until the last delivery was processed. */
  machineBusy: number;
}

/**
 * Phase C: deliveries at a fixed rate, then the end-to-end time of each from the database:
 * `processed_at` is written by reply-matcher right after the transaction that made the lead
 * `responded` committed.
 */
export async function measurePaced(
  ctx: { database: Database; account: BenchAccount; target: Target; signal: AbortSignal },
  bodies: Buffer[],
  keys: string[],
  rate: number,
  alreadyProcessed: number,
): Promise<PacedResult> {
  const start = performance.now();
  const cpu = startCpuWindow([]);
  const samples = await runPaced(ctx.target, bodies, rate, ctx.signal);
  const sendSeconds = (performance.now() - start) / 1000;
  const acked = samples.filter((s) => s.status === 200).length;
  await waitForProcessed(ctx.database, ctx.account, alreadyProcessed + acked, 60_000, ctx.signal);
  const { machineBusy } = cpu();

  const sentAt = new Map(keys.map((k, i) => [k, samples[i]?.sentAtMs ?? Number.NaN]));
  const rows = (await loadDeliveryTimes(ctx.database, keys)).filter((r) => r.processedAt !== null);
  const e2e = rows.map((r) => (r.processedAt as Date).getTime() - (sentAt.get(r.deliveryKey) ?? Number.NaN));
  const toIngest = rows.map((r) => r.receivedAt.getTime() - (sentAt.get(r.deliveryKey) ?? Number.NaN));
  const match = rows.map((r) => (r.processedAt as Date).getTime() - r.receivedAt.getTime());
  const acks = samples.map((s) => s.latencyMs);
  return {
    sent: samples.length,
    ackNon200: samples.length - acked,
    sendSeconds,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    processed: rows.length,
    matched: rows.filter((r) => r.outcome === 'matched').length,
    e2eP50: percentile(e2e, 50),
    e2eP99: percentile(e2e, 99),
    toIngestP50: percentile(toIngest, 50),
    matchP50: percentile(match, 50),
    matchP99: percentile(match, 99),
    machineBusy,
  };
}
