import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';
import type { QueueName } from './names';

/**
 * The single definition of a job: its name, the queue it lives on, its payload schema, its retry
 * and removal options, and (where the job has a business key) a deterministic job id. Producers
 * (`enqueue`, `enqueueBulk`, `schedule`) and the consumer (`createJobWorker` in @outreach/runtime)
 * both read it, so a job cannot be added to the wrong queue or under a second id format.
 */
export interface JobDefinition<N extends string = string, Q extends QueueName = QueueName, S extends z.ZodType = z.ZodType> {
  readonly name: N;
  readonly queue: Q;
  readonly schema: S;
  readonly options: JobsOptions;
  /**
   * The job id from the parsed payload: the same business key twice is one job (BullMQ ignores a
   * duplicate id). Ids use `-`/`_`, never `:`, and are never digits only. `undefined` → a fresh id.
   */
  readonly jobId?: (payload: z.output<S>) => string | undefined;
  /** The id of the job scheduler for a job that runs on a fixed repeat (one per queue). */
  readonly schedulerId?: string;
}

/** Any job definition, whatever its name, queue and schema. */
export type AnyJob = JobDefinition<string, QueueName, any>;

/** What a producer passes (zod input: defaults may be left out). */
export type PayloadIn<J extends AnyJob> = z.input<J['schema']>;
/** What a processor receives (zod output: defaults filled in). */
export type PayloadOf<J extends AnyJob> = z.output<J['schema']>;

/**
 * Declares a job; the literal name, queue and scheduler id are kept in the type so processor tables
 * and producers can check them.
 */
export function defineJob<N extends string, Q extends QueueName, S extends z.ZodType, I extends string | undefined = undefined>(
  definition: JobDefinition<N, Q, S> & { schedulerId?: I },
): JobDefinition<N, Q, S> & { readonly schedulerId: I } {
  return Object.freeze({ ...definition }) as JobDefinition<N, Q, S> & { readonly schedulerId: I };
}
