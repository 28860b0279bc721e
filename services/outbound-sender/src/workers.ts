import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { parsePayload, QUEUES, sendInboxReplyJob, sendInboxReplyPayloadSchema, sendOutboundActionJob, sendOutboundActionPayloadSchema } from '@outreach/queues';
import { UnrecoverableError } from 'bullmq';
import type { SenderDeps } from './deps';
import { processSendInboxReply } from './processors/send-inbox-reply';
import { processSendOutboundAction, type SendControl } from './processors/send-outbound-action';

export interface SenderWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  lockDurationMs?: number;
}

export interface SenderWorkers {
  worker: Worker;
  close(): Promise<void>;
}

/** A job's way to wait for a token, a window or a cooldown: back to the delayed set, no attempt spent. */
function controlFor(job: Job, token: string | undefined): SendControl {
  return {
    isFinalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? sendOutboundActionJob.options.attempts),
    async defer(until: Date) {
      await job.moveToDelayed(Math.max(until.getTime(), Date.now() + 1), token);
      throw new DelayedError();
    },
  };
}

/** Starts the consumer of `outbound-actions`, the only code that writes to LinkedIn. */
export function startSenderWorkers(deps: SenderDeps, options: SenderWorkerOptions): SenderWorkers {
  const lockDuration = options.lockDurationMs ?? 60_000;
  const worker = new Worker(
    QUEUES.outboundActions,
    async (job: Job, token?: string) => {
      if (job.name === sendInboxReplyJob.name) {
        const reply = parsePayload(sendInboxReplyPayloadSchema, job.data, job.name);
        const logger = deps.logger.child({ queue: job.queueName, job_id: job.id, attempt: job.attemptsMade + 1, message_id: reply.messageId });
        const result = await processSendInboxReply({ ...deps, logger }, reply, controlFor(job, token));
        logger.info('inbox reply done', result);
        return result;
      }
      if (job.name !== sendOutboundActionJob.name) throw new UnrecoverableError(`unknown job ${job.name} on ${QUEUES.outboundActions}`);
      const payload = parsePayload(sendOutboundActionPayloadSchema, job.data, job.name);
      const logger = deps.logger.child({ queue: job.queueName, job_id: job.id, attempt: job.attemptsMade + 1, lead_id: payload.leadId, step: payload.step, action: payload.action });
      const result = await processSendOutboundAction({ ...deps, logger }, payload, controlFor(job, token));
      logger.info('outbound action done', result);
      return result;
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency, lockDuration, stalledInterval: lockDuration },
  );
  worker.on('error', (err) => deps.logger.warn('worker error', { err: err.message }));
  worker.on('failed', (job, err) => {
    if (err instanceof DelayedError || err.name === 'DelayedError') return;
    deps.logger.error('send attempt failed', { job_id: job?.id, attempt: job?.attemptsMade, err: err.message });
  });
  // Waits for the sends in hand; a send cut off by a hard kill is retried after its lock expires and reconciled first.
  return { worker, close: () => worker.close() };
}
