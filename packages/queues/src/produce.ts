import type { Job, JobSchedulerTemplateOptions, JobsOptions, RepeatOptions } from 'bullmq';
import type { AnyJob, PayloadIn, PayloadOf } from './define-job';
import { queueKeyOf, type QueueKeyOf } from './names';
import type { NamedQueue } from './queues';

/** The queues a producer of job `J` needs: its own, by key (a whole `Queues` will do). */
export type QueuesFor<J extends AnyJob> = { [K in QueueKeyOf<J['queue']>]: NamedQueue<J['queue']> };

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds from now (rounded, never negative). */
  delay?: number;
}

function queueOf<J extends AnyJob>(queues: QueuesFor<J>, job: J): NamedQueue<J['queue']> {
  const queue = (queues as Record<string, NamedQueue<J['queue']>>)[queueKeyOf(job.queue)];
  // The types already forbid it; this catches a map assembled by hand with the queues swapped.
  if (!queue || queue.name !== job.queue) throw new Error(`job ${job.name} belongs on queue ${job.queue}, not ${queue?.name ?? 'none'}`);
  return queue;
}

function entryOf<J extends AnyJob>(
  job: J,
  payload: PayloadIn<J>,
  options: EnqueueOptions = {},
): { name: string; data: PayloadOf<J>; opts: JobsOptions } {
  const data = job.schema.parse(payload) as PayloadOf<J>;
  const jobId = job.jobId?.(data);
  const opts: JobsOptions = { ...job.options };
  if (jobId !== undefined) opts.jobId = jobId;
  if (options.delay !== undefined) opts.delay = Math.max(0, Math.round(options.delay));
  return { name: job.name, data, opts };
}

/**
 * Adds one job to its own queue: the payload is parsed first (a bad one throws here, at the
 * producer, naming the field), the options are the job's, and the id is the job's deterministic
 * one where it has a business key — so adding the same thing twice is one job.
 */
export async function enqueue<J extends AnyJob>(
  queues: QueuesFor<J>,
  job: J,
  payload: PayloadIn<J>,
  options?: EnqueueOptions,
): Promise<Job> {
  const { name, data, opts } = entryOf(job, payload, options);
  return queueOf(queues, job).add(name, data, opts);
}

/** One job of a bulk add: its payload and, optionally, its delay. */
export type BulkEntry<J extends AnyJob> = { payload: PayloadIn<J> } & EnqueueOptions;

/** Adds many jobs of one kind in one Redis round trip (`addBulk`), each parsed and named as `enqueue` does. */
export async function enqueueBulk<J extends AnyJob>(queues: QueuesFor<J>, job: J, entries: ReadonlyArray<BulkEntry<J>>): Promise<Job[]> {
  const queue = queueOf(queues, job);
  const jobs = entries.map((entry) => entryOf(job, entry.payload, entry));
  return jobs.length === 0 ? [] : queue.addBulk(jobs);
}

/**
 * Registers (idempotently: every process may call it at boot) a job scheduler that adds `job` with
 * `payload` on `repeat`. Upserting an existing id replaces its repeat and template.
 */
export async function schedule<J extends AnyJob>(
  queues: QueuesFor<J>,
  job: J,
  schedulerId: string,
  repeat: Omit<RepeatOptions, 'key'>,
  payload: PayloadIn<J>,
): Promise<Job> {
  const data = job.schema.parse(payload) as PayloadOf<J>;
  const opts = job.options as JobSchedulerTemplateOptions;
  return queueOf(queues, job).upsertJobScheduler(schedulerId, repeat, { name: job.name, data, opts });
}
