import type { Queue } from 'bullmq';
import type { Database } from '@outreach/db';

export interface Progress {
  done: number;
  byStatus: Record<string, number>;
  peakConnections: number;
  stalled: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls the configuration's `outbound_actions` until every one of `expected` has left
 * queued/sending, or nothing moved for `stallMs`. Samples the bench database's Postgres
 * connections meanwhile (each sender process may hold 2 × concurrency + 2).
 */
export async function waitForSends(
  database: Database,
  dbName: string,
  campaignIds: string[],
  expected: number,
  stallMs: number,
  onTick?: (p: Progress) => void,
): Promise<Progress> {
  const { sql } = database;
  let peakConnections = 0;
  let lastDone = -1;
  let lastChange = Date.now();
  for (;;) {
    const rows = await sql<Array<{ status: string; n: number }>>`
      select status::text as status, count(*)::int as n from outbound_actions where campaign_id = any(${campaignIds}::uuid[]) group by 1`;
    const [conns] = await sql<Array<{ n: number }>>`select count(*)::int as n from pg_stat_activity where datname = ${dbName}`;
    peakConnections = Math.max(peakConnections, conns?.n ?? 0);
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const done = rows.filter((r) => r.status !== 'queued' && r.status !== 'sending').reduce((sum, r) => sum + r.n, 0);
    const progress = { done, byStatus, peakConnections, stalled: false };
    onTick?.(progress);
    if (done >= expected) return progress;
    if (done !== lastDone) [lastDone, lastChange] = [done, Date.now()];
    if (Date.now() - lastChange > stallMs) return { ...progress, stalled: true };
    await sleep(200);
  }
}

export interface JobTimes {
  completed: number;
  failed: number;
  /** finishedOn of the first and last completed job (ms since epoch). */
  first: number;
  last: number;
  /** processedOn → finishedOn of each completed job: the worker's time on it, Unipile call included. */
  processingMs: number[];
}

/** Timings of the completed jobs, read back from BullMQ (completed jobs are kept a week). */
export async function jobTimes(queue: Queue, since: number): Promise<JobTimes> {
  const completed = (await queue.getJobs(['completed'], 0, -1)).filter((j) => (j.finishedOn ?? 0) >= since);
  const failed = await queue.getJobCountByTypes('failed');
  const finished = completed.map((j) => j.finishedOn ?? 0).sort((a, b) => a - b);
  return {
    completed: completed.length,
    failed,
    first: finished[0] ?? Number.NaN,
    last: finished[finished.length - 1] ?? Number.NaN,
    processingMs: completed.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0)),
  };
}

/** Nearest-rank percentile. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
