import { createHash } from 'node:crypto';
import type { Job, Queue } from 'bullmq';
import {
  analyticsBackfillJobId,
  backfillConversationsJob,
  backfillConversationsPayloadSchema,
  rebuildRateUsageJob,
  rebuildRateUsagePayloadSchema,
  type BackfillConversationsPayload,
  type RebuildRateUsagePayload,
} from './jobs/analytics-backfills';
import { planWeeklyReportsJob, WEEKLY_REPORT_PLANNER_ID } from './jobs/plan-weekly-reports';
import { ROLLUP_EVENTS_SCHEDULER_ID, rollupEventsJob, rollupEventsJobId, rollupEventsPayloadSchema, type RollupEventsPayload } from './jobs/rollup-events';
import { sendWeeklyReportJob, sendWeeklyReportJobId, sendWeeklyReportPayloadSchema, type SendWeeklyReportPayload } from './jobs/send-weekly-report';
import { flushReplyDigestJob, flushReplyDigestJobId, flushReplyDigestPayloadSchema, type FlushReplyDigestPayload } from './jobs/flush-reply-digest';
import { notifyEventJob, notifyEventJobId, notifyEventPayloadSchema, type NotifyEventPayload } from './jobs/notify-event';
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
    jobId: sendOutboundActionJobId(data),
  });
}

/** Enqueues the Slack/webhook notification of a non-reply event; one job per event however often called. */
export function enqueueNotifyEvent(queue: Queue, payload: NotifyEventPayload): Promise<Job> {
  const data = notifyEventPayloadSchema.parse(payload);
  return queue.add(notifyEventJob.name, data, { ...notifyEventJob.options, jobId: notifyEventJobId(data.eventId) });
}

/** Enqueues a client's digest flush, delayed to the end of its window; the same window twice is one job. */
export function enqueueFlushReplyDigest(queue: Queue, payload: FlushReplyDigestPayload, delayMs: number): Promise<Job> {
  const data = flushReplyDigestPayloadSchema.parse(payload);
  return queue.add(flushReplyDigestJob.name, data, {
    ...flushReplyDigestJob.options,
    jobId: flushReplyDigestJobId(data.clientId, data.windowKey),
    delay: Math.max(0, Math.round(delayMs)),
  });
}

/** Enqueues one client's weekly report; the same client and week twice is one job. */
export function enqueueSendWeeklyReport(queue: Queue, payload: SendWeeklyReportPayload): Promise<Job> {
  const data = sendWeeklyReportPayloadSchema.parse(payload);
  return queue.add(sendWeeklyReportJob.name, data, { ...sendWeeklyReportJob.options, jobId: sendWeeklyReportJobId(data.clientId, data.week) });
}

/** Registers (idempotently) the weekly-report planner, run every `everyMs` by whichever reporter is free. */
export function upsertWeeklyReportPlanner(queue: Queue, everyMs: number): Promise<Job> {
  return queue.upsertJobScheduler(WEEKLY_REPORT_PLANNER_ID, { every: everyMs }, {
    name: planWeeklyReportsJob.name,
    data: {},
    opts: planWeeklyReportsJob.options,
  });
}

/** Enqueues an on-demand rollup run; the same `reason` while one waits is one job. */
export function enqueueRollupEvents(queue: Queue, payload: RollupEventsPayload, reason: string): Promise<Job> {
  const data = rollupEventsPayloadSchema.parse(payload);
  return queue.add(rollupEventsJob.name, data, { ...rollupEventsJob.options, jobId: rollupEventsJobId(reason) });
}

/** Registers (idempotently) the analytics rollup, run every `everyMs` by whichever reporter is free. */
export function upsertRollupEventsScheduler(queue: Queue, everyMs: number): Promise<Job> {
  return queue.upsertJobScheduler(ROLLUP_EVENTS_SCHEDULER_ID, { every: everyMs }, { name: rollupEventsJob.name, data: {}, opts: rollupEventsJob.options });
}

/** Enqueues a rate-usage rebuild under a request id of the caller's. */
export function enqueueRebuildRateUsage(queue: Queue, payload: RebuildRateUsagePayload, requestId: string): Promise<Job> {
  const data = rebuildRateUsagePayloadSchema.parse(payload);
  return queue.add(rebuildRateUsageJob.name, data, { ...rebuildRateUsageJob.options, jobId: analyticsBackfillJobId(rebuildRateUsageJob.name, requestId) });
}

/** Enqueues a conversation-id backfill under a request id of the caller's. */
export function enqueueBackfillConversations(queue: Queue, payload: BackfillConversationsPayload, requestId: string): Promise<Job> {
  const data = backfillConversationsPayloadSchema.parse(payload);
  return queue.add(backfillConversationsJob.name, data, { ...backfillConversationsJob.options, jobId: analyticsBackfillJobId(backfillConversationsJob.name, requestId) });
}
