import type { Worker } from 'bullmq';
import { QUEUES, sendInboxReplyJob, sendOutboundActionJob, wakeInboxRelay, type RedisConnection } from '@outreach/queues';
import { createJobWorker } from '@outreach/runtime';
import type { SenderDeps } from './deps';
import { processSendInboxReply } from './processors/send-inbox-reply';
import { processSendOutboundAction } from './processors/send-outbound-action';
import { countedControl, countSend } from './sending/send-metrics';

export interface SenderWorkerOptions {
  connection: RedisConnection;
  prefix: string;
  concurrency: number;
  lockDurationMs?: number;
}

export interface SenderWorkers {
  worker: Worker;
  close(): Promise<void>;
}

/**
 * Starts the consumer of `outbound-actions`, the only code that writes to LinkedIn. A job that
 * waits for a token, a window or a cooldown goes back to the delayed set (`ctx.defer`), no attempt spent.
 */
export function startSenderWorkers(deps: SenderDeps, options: SenderWorkerOptions): SenderWorkers {
  const worker = createJobWorker(
    QUEUES.outboundActions,
    {
      [sendOutboundActionJob.name]: async (jobDeps, payload, ctx) => {
        const logger = jobDeps.logger.child({ lead_id: payload.leadId, step: payload.step, action: payload.action });
        const result = await processSendOutboundAction({ ...jobDeps, logger }, payload, countedControl(ctx));
        countSend(payload.action, result);
        // A sent message is filed into the inbox (with its live event) in the outcome's transaction.
        if (result.outcome === 'sent') wakeInboxRelay(jobDeps.queues);
        logger.info('outbound action done', result);
        return result;
      },
      // Operator replies share the queue, the worker and so the account's limits with the sequence.
      [sendInboxReplyJob.name]: async (jobDeps, payload, ctx) => {
        const logger = jobDeps.logger.child({ message_id: payload.messageId });
        const result = await processSendInboxReply({ ...jobDeps, logger }, payload, countedControl(ctx));
        countSend('inbox_reply', result);
        if (result.outcome === 'sent' || result.outcome === 'failed') wakeInboxRelay(jobDeps.queues);
        logger.info('inbox reply done', result);
        return result;
      },
    },
    {
      deps,
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDurationMs: options.lockDurationMs ?? 60_000,
    },
  );
  // Waits for the sends in hand; a send cut off by a hard kill is retried after its lock expires and reconciled first.
  return { worker, close: () => worker.close() };
}
