import { z } from 'zod';
import { defineJob } from '../define-job';
import { QUEUES } from '../names';
import { exponentialRetries, keepCompletedDays, KEEP_FAILED } from '../retry';

/**
 * Runs one sequence step for one lead (consumer: outbound-sender). The sequencer writes the
 * `outbound_actions` row (queued, with this job's id) before it enqueues, so a reply can cancel it.
 */
export const sendOutboundActionPayloadSchema = z.object({
  leadId: z.uuid(),
  step: z.number().int().min(0),
  /** invite | message, or withdraw for an invite whose accept timeout passed. */
  action: z.enum(['invite', 'message', 'withdraw']),
  /** The action row's revision: a re-queued action gets a new job id (see sendOutboundActionJobId). */
  revision: z.number().int().min(0).default(0),
});
export type SendOutboundActionPayload = z.input<typeof sendOutboundActionPayloadSchema>;
export type ParsedSendOutboundActionPayload = z.infer<typeof sendOutboundActionPayloadSchema>;

/**
 * One job per lead, step, action and revision: a second enqueue of the same step is a no-op. The
 * revision is in the id because a completed job is kept a week and would swallow a re-add.
 */
export const sendOutboundActionJobId = (p: { leadId: string; step: number; action: string; revision?: number }): string =>
  `lead-${p.leadId}-step-${p.step}-${p.action}${p.revision ? `-r${p.revision}` : ''}`;

export const sendOutboundActionJob = defineJob({
  name: 'send-outbound-action',
  queue: QUEUES.outboundActions,
  schema: sendOutboundActionPayloadSchema,
  options: {
    // Retries are for 5xx and timeouts only; waits for tokens and windows are delays, not attempts.
    ...exponentialRetries(6, 30_000),
    removeOnComplete: keepCompletedDays(7),
    removeOnFail: KEEP_FAILED,
  },
  jobId: sendOutboundActionJobId,
});
