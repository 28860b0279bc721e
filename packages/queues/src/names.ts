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

export type QueueKey = keyof typeof QUEUES;
export type QueueName = (typeof QUEUES)[QueueKey];

/** The `Queues` key of a queue name (`'unipile-deliveries'` → `'unipileDeliveries'`). */
export type QueueKeyOf<N extends QueueName> = { [K in QueueKey]: (typeof QUEUES)[K] extends N ? K : never }[QueueKey];

const KEYS = new Map<QueueName, QueueKey>(Object.entries(QUEUES).map(([key, name]) => [name, key as QueueKey]));

/** The `Queues` key of a queue name, at run time. */
export function queueKeyOf<N extends QueueName>(name: N): QueueKeyOf<N> {
  const key = KEYS.get(name);
  if (!key) throw new Error(`unknown queue ${name}`);
  return key as QueueKeyOf<N>;
}
