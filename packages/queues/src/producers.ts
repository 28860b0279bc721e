import { createHash } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import { notifyReplyJob, notifyReplyJobId, notifyReplyPayloadSchema, type NotifyReplyPayload } from './jobs/notify-reply';
import {
  pollRepliesJob,
  pollRepliesPayloadSchema,
  syncReplyPollersJob,
  type PollRepliesPayload,
} from './jobs/poll-replies';
import { processDeliveryJob, processDeliveryPayloadSchema, type ProcessDeliveryPayload } from './jobs/process-delivery';
import {
  sendOutboundActionJob,
  sendOutboundActionJobId,
  sendOutboundActionPayloadSchema,
  type SendOutboundActionPayload,
} from './jobs/send-outbound-action';

/**
 * BullMQ job ids must not contain ':' and must not be all digits; Unipile ids may contain anything,
 * so the readable delivery key is hashed into the id and kept in the payload.
 */
export const deliveryJobId = (deliveryKey: string): string =>
  `delivery-${createHash('sha256').update(deliveryKey).digest('hex').slice(0, 40)}`;

/** Enqueues a webhook delivery; the same key twice is one job (BullMQ ignores a duplicate job id). */
export function enqueueProcessDelivery(queue: Queue, payload: ProcessDeliveryPayload): Promise<Job> {
  const data = processDeliveryPayloadSchema.parse(payload);
  return queue.add(processDeliveryJob.name, data, { ...processDeliveryJob.options, jobId: deliveryJobId(data.deliveryKey) });
}

/** Enqueues an on-demand reply poll for one account. */
export function enqueuePollReplies(queue: Queue, payload: PollRepliesPayload, jobId?: string): Promise<Job> {
  const data = pollRepliesPayloadSchema.parse(payload);
  return queue.add(pollRepliesJob.name, data, { ...pollRepliesJob.options, ...(jobId ? { jobId } : {}) });
}

/** Registers (idempotently) the repeating poll for one account; several processes may call it at once. */
export function upsertReplyPoller(queue: Queue, payload: PollRepliesPayload, everyMs: number): Promise<Job> {
  const data = pollRepliesPayloadSchema.parse(payload);
  return queue.upsertJobScheduler(replyPollerId(data.linkedinAccountId), { every: everyMs }, {
    name: pollRepliesJob.name,
    data,
    opts: pollRepliesJob.options,
  });
}

export const replyPollerId = (linkedinAccountId: string): string => `poll-replies-${linkedinAccountId}`;

/** Registers the job that keeps one reply poller per account in step with the accounts table. */
export function upsertReplyPollerSync(queue: Queue, everyMs: number): Promise<Job> {
  return queue.upsertJobScheduler('sync-reply-pollers', { every: everyMs }, {
    name: syncReplyPollersJob.name,
    data: {},
    opts: syncReplyPollersJob.options,
  });
}

/** Enqueues the operator notification for a reply event; one job per event however often called. */
export function enqueueNotifyReply(queue: Queue, payload: NotifyReplyPayload): Promise<Job> {
  const data = notifyReplyPayloadSchema.parse(payload);
  return queue.add(notifyReplyJob.name, data, { ...notifyReplyJob.options, jobId: notifyReplyJobId(data.eventId) });
}

/** Enqueues one sequence step for one lead. */
export function enqueueSendOutboundAction(queue: Queue, payload: SendOutboundActionPayload): Promise<Job> {
  const data = sendOutboundActionPayloadSchema.parse(payload);
  return queue.add(sendOutboundActionJob.name, data, {
    ...sendOutboundActionJob.options,
    jobId: sendOutboundActionJobId(data.leadId, data.step),
  });
}
