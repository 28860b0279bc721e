/**
 * Every queue of the platform. Never rename one without a migration plan: jobs already waiting in
 * Redis under the old name would be stranded, and Bull Board links would break.
 */
export const QUEUES = {
  unipileDeliveries: 'unipile-deliveries',
  replyBackfill: 'reply-backfill',
  connectionSync: 'connection-sync',
  sequenceTick: 'sequence-tick',
  outboundActions: 'outbound-actions',
  notifications: 'notifications',
  weeklyReports: 'weekly-reports',
  analyticsRollup: 'analytics-rollup',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
