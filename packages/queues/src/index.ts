export { QUEUES, queueKeyOf, type QueueKey, type QueueKeyOf, type QueueName } from './names';
export {
  connectRedis,
  createRedisConnection,
  createRedisClusterConnection,
  duplicateForBlocking,
  type RedisConnection,
  type RedisRole,
} from './connection';
export { createQueues, closeQueues, type NamedQueue, type Queues } from './queues';
export { defineJob, type AnyJob, type JobDefinition, type PayloadIn, type PayloadOf } from './define-job';
export { exponentialRetries, keepCompletedDays, KEEP_FAILED, NOTIFICATION_RETRIES, PLANNER_RETRIES } from './retry';
export { JOBS, jobsOn, type DefinedJob, type JobsOn } from './catalog';
export { inboxWakeChannel, wakeInboxRelay } from './inbox-wake';
export { enqueue, enqueueBulk, schedule, type BulkEntry, type EnqueueOptions, type QueuesFor } from './produce';
export * from './jobs/process-delivery';
export * from './jobs/poll-replies';
export * from './jobs/notify-reply';
export * from './jobs/send-outbound-action';
export * from './jobs/sync-connections';
export * from './jobs/sequence-tick';
export * from './jobs/notify-event';
export * from './jobs/flush-reply-digest';
export * from './jobs/send-weekly-report';
export * from './jobs/plan-weekly-reports';
export * from './jobs/rollup-events';
export * from './jobs/analytics-backfills';
export * from './jobs/reopen-snoozed';
export * from './jobs/compact-inbox-counts';
export * from './jobs/send-inbox-reply';
export * from './jobs/sweep-inbox-replies';
export * from './jobs/notify-assignee';
