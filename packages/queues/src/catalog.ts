import type { AnyJob } from './define-job';
import { backfillConversationsJob, rebuildRateUsageJob } from './jobs/analytics-backfills';
import { rollupEventsJob } from './jobs/rollup-events';
import { notifyAssigneeJob } from './jobs/notify-assignee';
import { reopenSnoozedJob } from './jobs/reopen-snoozed';
import { compactInboxCountsJob } from './jobs/compact-inbox-counts';
import { sendInboxReplyJob } from './jobs/send-inbox-reply';
import { sweepInboxRepliesJob } from './jobs/sweep-inbox-replies';
import { flushReplyDigestJob } from './jobs/flush-reply-digest';
import { notifyEventJob } from './jobs/notify-event';
import { notifyReplyJob } from './jobs/notify-reply';
import { planWeeklyReportsJob } from './jobs/plan-weekly-reports';
import { pollRepliesJob, syncReplyPollersJob } from './jobs/poll-replies';
import { processDeliveryJob } from './jobs/process-delivery';
import { sendOutboundActionJob } from './jobs/send-outbound-action';
import { sendWeeklyReportJob } from './jobs/send-weekly-report';
import { planConnectionSyncsJob, sequenceTickJob } from './jobs/sequence-tick';
import { syncConnectionsJob } from './jobs/sync-connections';
import type { QueueName } from './names';

/**
 * Every job of the platform. A job missing here cannot be consumed: `createJobWorker` finds a
 * job's definition (schema, options) by queue and name in this list.
 */
export const JOBS = [
  processDeliveryJob,
  pollRepliesJob,
  syncReplyPollersJob,
  syncConnectionsJob,
  sequenceTickJob,
  planConnectionSyncsJob,
  sendOutboundActionJob,
  notifyReplyJob,
  notifyEventJob,
  flushReplyDigestJob,
  planWeeklyReportsJob,
  sendWeeklyReportJob,
  rollupEventsJob,
  rebuildRateUsageJob,
  backfillConversationsJob,
  reopenSnoozedJob,
  compactInboxCountsJob,
  sendInboxReplyJob,
  sweepInboxRepliesJob,
  notifyAssigneeJob,
] as const;

export type DefinedJob = (typeof JOBS)[number];

/** The jobs that live on queue `Q`. */
export type JobsOn<Q extends QueueName> = Extract<DefinedJob, { queue: Q }>;

/** The definitions of the jobs on one queue, by name. */
export function jobsOn<Q extends QueueName>(queue: Q): ReadonlyMap<string, JobsOn<Q>> {
  return new Map(JOBS.filter((job): job is JobsOn<Q> => (job as AnyJob).queue === queue).map((job) => [job.name, job]));
}
