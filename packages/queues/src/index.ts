export { QUEUES, type QueueName } from './names';
export { createRedisConnection, type RedisRole } from './connection';
export { createQueues, closeQueues, type Queues } from './queues';
export { parsePayload } from './payload';
export * from './producers';
export * from './jobs/process-delivery';
export * from './jobs/poll-replies';
export * from './jobs/notify-reply';
export * from './jobs/send-outbound-action';
