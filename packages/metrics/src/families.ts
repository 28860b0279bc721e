import { Counter, Gauge, Histogram } from 'prom-client';
import { registry } from './registry';

const registers = [registry];

/**
 * Sets the callback prom-client runs before reading a gauge. Its typings only take it in the
 * constructor; the families are declared here once, and filled by watchers registered later.
 */
export function onCollect(gauge: Gauge<string>, collect: () => Promise<void>): void {
  (gauge as unknown as { collect: () => Promise<void> }).collect = collect;
}

/** Seconds from 5 ms to 5 min: a job, a send or an HTTP request. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Seconds from 50 ms to 1 h: how long a job waited, how late a reply was recorded. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];

// Queues (collected on scrape from Redis by queue-collector.ts).
export const queueJobs = new Gauge({
  name: 'outreach_queue_jobs',
  help: 'Jobs in a queue by state (waiting, prioritized, delayed, active, failed), read from Redis on scrape',
  labelNames: ['queue', 'state'] as const,
  registers,
});
export const queueOldestWaitingAge = new Gauge({
  name: 'outreach_queue_oldest_waiting_age_seconds',
  help: 'Age of the oldest job waiting (or prioritized) in a queue since it became due; 0 when none waits',
  labelNames: ['queue'] as const,
  registers,
});
export const queueCollectErrors = new Counter({
  name: 'outreach_queue_collect_errors_total',
  help: 'Scrapes whose queue counts could not be read from Redis in time',
  registers,
});

// Jobs (createJobWorker records every job).
export const jobDuration = new Histogram({
  name: 'outreach_job_duration_seconds',
  help: 'Processing time of a job attempt, by queue, job name and outcome',
  labelNames: ['queue', 'job', 'outcome'] as const,
  buckets: DURATION_BUCKETS,
  registers,
});
export const jobWait = new Histogram({
  name: 'outreach_job_wait_seconds',
  help: 'Time from a job becoming due (added, or its delay over) to a worker starting it',
  labelNames: ['queue', 'job'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});
export const jobsProcessed = new Counter({
  name: 'outreach_jobs_total',
  help: 'Job attempts by outcome: completed, deferred (back to the delayed set), retried, failed (final)',
  labelNames: ['queue', 'job', 'outcome'] as const,
  registers,
});
export const workerLastActivity = new Gauge({
  name: 'outreach_worker_last_activity_timestamp_seconds',
  help: 'When this process last started or finished a job of the queue (unix seconds)',
  labelNames: ['queue'] as const,
  registers,
});
export const workerStalled = new Gauge({
  name: 'outreach_worker_stalled',
  help: '1 when this process has work waiting on the queue but started or finished no job within the stall limit',
  labelNames: ['queue'] as const,
  registers,
});

// HTTP (gateway and webhook-ingest).
export const httpRequests = new Counter({
  name: 'outreach_http_requests_total',
  help: 'HTTP requests answered, by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers,
});
export const httpDuration = new Histogram({
  name: 'outreach_http_request_duration_seconds',
  help: 'HTTP request duration, by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: DURATION_BUCKETS,
  registers,
});
export const webhookDeliveries = new Counter({
  name: 'outreach_webhook_deliveries_total',
  help: 'Unipile webhook deliveries received by webhook-ingest, by kind and outcome (accepted, rejected, unavailable)',
  labelNames: ['kind', 'outcome'] as const,
  registers,
});

// Replies (reply-matcher).
export const replyLatency = new Histogram({
  name: 'outreach_reply_latency_seconds',
  help: 'From the delivery reaching webhook-ingest (or the poll finding it) to the lead being recorded responded',
  labelNames: ['detection'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

// Sending (outbound-sender and the rate limiter).
export const sends = new Counter({
  name: 'outreach_sends_total',
  help: 'Outbound actions finished by the sender, by action and outcome',
  labelNames: ['action', 'outcome'] as const,
  registers,
});
export const sendDeferrals = new Counter({
  name: 'outreach_send_deferrals_total',
  help: 'Sends put back to wait, by reason: daily_cap, weekly_cap, spacing, in_flight, window_closed, cooldown, paused',
  labelNames: ['reason'] as const,
  registers,
});
export const linkedinAccounts = new Gauge({
  name: 'outreach_linkedin_accounts',
  help: 'LinkedIn accounts by Unipile status (OK, CREDENTIALS, STOPPED…) and paused (LinkedIn refused them), read from Postgres on scrape',
  labelNames: ['status', 'paused'] as const,
  registers,
});

// Unipile (packages/unipile client).
export const unipileRequests = new Counter({
  name: 'outreach_unipile_requests_total',
  help: 'Calls to the Unipile API by endpoint template, method and status (a number, or timeout / network)',
  labelNames: ['endpoint', 'method', 'status'] as const,
  registers,
});
export const unipileDuration = new Histogram({
  name: 'outreach_unipile_request_duration_seconds',
  help: 'Duration of calls to the Unipile API by endpoint template and method',
  labelNames: ['endpoint', 'method'] as const,
  buckets: DURATION_BUCKETS,
  registers,
});

// Notifications (notifier).
export const notificationDeliveries = new Counter({
  name: 'outreach_notification_deliveries_total',
  help: 'Notifier deliveries by channel (email, slack, webhook) and outcome (sent, skipped, failed)',
  labelNames: ['channel', 'outcome'] as const,
  registers,
});
