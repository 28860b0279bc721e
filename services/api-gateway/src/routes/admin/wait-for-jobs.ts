import { Job, QueueEvents, type Queue } from 'bullmq';
import { duplicateForBlocking } from '@outreach/queues';
import type { GatewayDeps } from '../../deps';
import { ApiError } from '../../http/errors';

export type JobOutcome =
  { job: Job; state: 'completed'; result: unknown } | { job: Job; state: 'failed'; reason: string } | { job: Job; state: 'timed_out' };

/** Adds jobs through the HTTP producer connection: a Redis outage is a fast 503, not a hung request. */
export async function enqueueAll<T>(items: T[], add: (item: T) => Promise<Job>): Promise<Job[]> {
  try {
    return await Promise.all(items.map(add));
  } catch (err) {
    throw new ApiError(503, 'unavailable', `could not enqueue: ${err instanceof Error ? err.message : String(err)}; retry shortly`);
  }
}

/**
 * Waits, at most `timeoutMs`, for jobs some worker process runs. The QueueEvents listener is opened
 * per request on a connection of its own (it blocks on XREAD) and closed before answering, so an
 * admin call leaves nothing behind. `waitUntilFinished` also checks the job's state once listening,
 * so a job that finished before we listened is not missed.
 */
export async function waitForJobs(deps: GatewayDeps, queue: Queue, jobs: Job[], timeoutMs: number): Promise<JobOutcome[]> {
  if (jobs.length === 0) return [];
  // Blocking reads need the offline queue and unlimited retries, unlike the fail-fast producer connection.
  const connection = duplicateForBlocking(deps.redis);
  connection.on('error', () => undefined);
  const events = new QueueEvents(queue.name, { prefix: deps.queuePrefix, connection });
  events.on('error', (err) => deps.logger.warn('queue events error', { queue: queue.name, err }));
  try {
    return await Promise.all(jobs.map((job) => outcomeOf(queue, job, events, timeoutMs)));
  } finally {
    await events.close().catch(() => undefined);
    connection.disconnect();
  }
}

/** How often a wait also reads the job's state itself (see {@link outcomeOf}). */
const STATE_POLL_MS = 250;

/**
 * Settles with the job's result once its stored state is final. A QueueEvents listener only sees
 * events after its XREAD starts: a job finishing between the state check of `waitUntilFinished`
 * and that moment was never reported (seen with jobs done within milliseconds), so the wait also
 * reads the state until `deadline`.
 */
async function pollFinished(queue: Queue, job: Job, deadline: number, isDone: () => boolean): Promise<unknown> {
  while (!isDone() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, STATE_POLL_MS));
    const fresh = await Job.fromId(queue, String(job.id));
    if (fresh?.finishedOn) {
      if (fresh.failedReason && (await fresh.getState()) === 'failed') throw new Error(fresh.failedReason);
      if ((await fresh.getState()) === 'completed') return fresh.returnvalue;
    }
  }
  return new Promise(() => undefined);
}

async function outcomeOf(queue: Queue, job: Job, events: QueueEvents, timeoutMs: number): Promise<JobOutcome> {
  let done = false;
  try {
    const result = await Promise.race([
      job.waitUntilFinished(events, timeoutMs),
      pollFinished(queue, job, Date.now() + timeoutMs, () => done),
    ]);
    return { job, state: 'completed', result };
  } catch (err) {
    // A failed job and a wait that ran out both reject; the job's state tells them apart.
    const state = await job.getState().catch(() => 'unknown');
    if (state === 'failed') return { job, state: 'failed', reason: err instanceof Error ? err.message : String(err) };
    return { job, state: 'timed_out' };
  } finally {
    done = true;
  }
}

/** 504 naming the jobs, which keep running: their results land where the schedulers' do. */
export function timedOut(outcomes: JobOutcome[], timeoutMs: number): ApiError {
  const pending = outcomes.filter((o) => o.state === 'timed_out').map((o) => o.job.id);
  return new ApiError(504, 'unavailable', `jobs still running after ${Math.round(timeoutMs / 1000)} s; they continue in the background`, {
    job_ids: outcomes.map((o) => o.job.id),
    pending_job_ids: pending,
  });
}
