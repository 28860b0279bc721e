import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from '@outreach/logger';
import { jobsOn, type AnyJob, type JobsOn, type PayloadOf, type QueueName, type RedisConnection } from '@outreach/queues';
import { contextOf, type JobContext } from './job-context';
import { measured } from './job-metrics';

/** A processor in the house style: `process<JobName>(deps, payload, ctx)`. */
export type Processor<D, J extends AnyJob> = (deps: D, payload: PayloadOf<J>, ctx: JobContext) => Promise<unknown>;

/** For each queue, one processor for every job defined on it (a job left out does not compile). */
type ProcessorTables<D> = { [Q in QueueName]: { [J in JobsOn<Q> as J['name']]: Processor<D, J> } };

/**
 * The processors of queue `Q` by job name. Written as a lookup in a table of every queue because
 * TypeScript cannot give a processor's parameters their types through a generic key-remapped type.
 */
export type ProcessorTable<D, Q extends QueueName> = ProcessorTables<D>[Q];

export interface JobWorkerOptions<D extends { logger: Logger }> {
  /** Handed to every processor, with `logger` replaced by the job's logger. */
  deps: D;
  /** A worker connection (`maxRetriesPerRequest: null`). */
  connection: RedisConnection;
  prefix: string;
  concurrency: number;
  /** Job lock lifetime; also how often stalled jobs (their worker died) are looked for. BullMQ's 30 s when absent. */
  lockDurationMs?: number;
}

const MAX_ISSUES = 10;

/** Names every bad field, bounded so a huge bad payload cannot make a huge error. */
function invalidPayload(jobName: string, issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): UnrecoverableError {
  const detail = issues.slice(0, MAX_ISSUES).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  if (issues.length > MAX_ISSUES) detail.push(`… ${issues.length - MAX_ISSUES} more`);
  return new UnrecoverableError(`invalid ${jobName} payload: ${detail.join('; ')}`);
}

/**
 * Consumes one queue with one failure policy: an unknown job name or a payload that does not
 * match its definition's schema throws `UnrecoverableError` (failed at once, kept in the failed
 * set 14 days, never retried); anything else a processor throws is retried by the job's own
 * options. Every job runs with its own logger, and 'error' and 'failed' are logged with the error
 * object. A deferral (`ctx.defer`) is not a failure. Every attempt is measured (wait, duration,
 * outcome: `@outreach/metrics`) and marks the queue active for the liveness check.
 */
export function createJobWorker<Q extends QueueName, D extends { logger: Logger }>(
  queue: Q,
  processors: ProcessorTables<NoInfer<D>>[NoInfer<Q>],
  options: JobWorkerOptions<D>,
): Worker {
  const { deps } = options;
  const definitions = jobsOn(queue);
  const table = processors as unknown as Record<string, Processor<D, AnyJob>>;

  const runJob = async (job: Job, token?: string): Promise<unknown> => {
    const definition = definitions.get(job.name);
    const processor = table[job.name];
    if (!definition || !processor) throw new UnrecoverableError(`unknown job ${job.name} on ${queue}`);
    const parsed = (definition as AnyJob).schema.safeParse(job.data);
    if (!parsed.success) throw invalidPayload(job.name, parsed.error.issues);
    const ctx = contextOf(job, token, deps.logger);
    return processor({ ...deps, logger: ctx.logger }, parsed.data, ctx);
  };

  const run = (job: Job, token?: string): Promise<unknown> => measured(queue, job, () => runJob(job, token));

  const lock =
    options.lockDurationMs === undefined ? {} : { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs };
  const worker = new Worker(queue, run, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    ...lock,
  });
  worker.on('error', (err) => deps.logger.warn('worker error', { queue, err }));
  worker.on('failed', (job, err) => {
    // BullMQ 6 does not report a DelayedError as a failure; older versions did.
    if (err.name === 'DelayedError') return;
    const attempts = job?.opts.attempts ?? 1;
    const isFinal = err.name === 'UnrecoverableError' || (job?.attemptsMade ?? attempts) >= attempts;
    deps.logger.error('job failed', { queue, job_name: job?.name, job_id: job?.id, attempt: job?.attemptsMade, will_retry: !isFinal, err });
  });
  return worker;
}
