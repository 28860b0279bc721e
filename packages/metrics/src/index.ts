export { registry, exposition } from './registry';
export * from './families';
export { watchQueues, readWaiting, type WaitingJob, type WatchedQueue } from './queue-collector';
export { watchAccountStatuses, type AccountStatusCounts } from './accounts';
export { httpStart, observeHttp } from './http';
export { metricsAllowed } from './auth';
