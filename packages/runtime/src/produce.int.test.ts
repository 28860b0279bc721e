import { randomUUID } from 'node:crypto';
import { createLogger } from '@outreach/logger';
import { testRedisUrl, uniquePrefix } from '@outreach/testing';
import {
  closeQueues,
  createQueues,
  createRedisConnection,
  enqueue,
  enqueueBulk,
  flushReplyDigestJob,
  JOBS,
  notifyEventJob,
  notifyReplyJob,
  planWeeklyReportsJob,
  pollRepliesJob,
  processDeliveryJob,
  QUEUES,
  replyPollerId,
  schedule,
  sendOutboundActionJob,
  sendWeeklyReportJob,
  syncConnectionsJob,
  type Queues,
} from '@outreach/queues';

const redis = createRedisConnection(testRedisUrl(), 'worker');
let queues: Queues;
beforeAll(() => {
  queues = createQueues(redis, uniquePrefix(), createLogger('queues-test', { silent: true }));
});
afterAll(async () => {
  await Promise.all(Object.values(queues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await closeQueues(queues);
  redis.disconnect();
});

const id = randomUUID();

describe('the job catalog', () => {
  it('names each job once and puts it on a known queue', () => {
    expect(new Set(JOBS.map((j) => j.name)).size).toBe(JOBS.length);
    for (const job of JOBS) expect(Object.values(QUEUES)).toContain(job.queue);
  });

  it('keeps the job ids jobs already waiting in Redis were added under', () => {
    expect(notifyReplyJob.jobId?.({ eventId: 5, leadId: id, clientId: id })).toBe('reply-event-5');
    expect(notifyEventJob.jobId?.({ eventId: 5, clientId: id })).toBe('event-5');
    expect(flushReplyDigestJob.jobId?.({ clientId: id, windowKey: 'k1' })).toBe(`reply-digest-${id}-k1`);
    expect(sendWeeklyReportJob.jobId?.({ clientId: id, week: '2026-W13' })).toBe(`weekly-report-${id}-2026-W13`);
    expect(sendOutboundActionJob.jobId?.({ leadId: id, step: 1, action: 'message', revision: 0 })).toBe(`lead-${id}-step-1-message`);
    expect(sendOutboundActionJob.jobId?.({ leadId: id, step: 1, action: 'message', revision: 2 })).toBe(`lead-${id}-step-1-message-r2`);
    expect(syncConnectionsJob.jobId?.({ linkedinAccountId: id, reason: 'scheduled', window: '2026-06-01-2' })).toBe(
      `sync-connections-${id}-2026-06-01-2`,
    );
    expect(syncConnectionsJob.jobId?.({ linkedinAccountId: id, reason: 'on_demand' })).toBeUndefined();
    expect(
      processDeliveryJob.jobId?.({ deliveryKey: 'msg:1', kind: 'messaging', route: '/x', receivedAt: new Date().toISOString(), body: {} }),
    ).toMatch(/^delivery-[0-9a-f]{40}$/);
    expect(replyPollerId(id)).toBe(`poll-replies-${id}`);
  });
});

describe('enqueue', () => {
  it('adds the job to its own queue with its options and deterministic id; the same key twice is one job', async () => {
    const first = await enqueue(queues, notifyReplyJob, { eventId: 42, leadId: id, clientId: id });
    const again = await enqueue(queues, notifyReplyJob, { eventId: 42, leadId: id, clientId: id });
    expect(first.id).toBe('reply-event-42');
    expect(again.id).toBe(first.id);
    expect(first.queueName).toBe('notifications');
    expect(first.opts).toMatchObject({
      attempts: 10,
      backoff: { type: 'exponential', delay: 2000, jitter: 0.3 },
      removeOnFail: { age: 14 * 24 * 3600 },
    });
    expect(await queues.notifications.getJobCountByTypes('waiting')).toBe(1);
  });

  it('refuses a bad payload before anything reaches Redis, naming the field', async () => {
    await expect(enqueue(queues, sendWeeklyReportJob, { clientId: id, week: '2026-13' })).rejects.toThrow(/week/);
    expect(await queues.weeklyReports.getJobCountByTypes('waiting', 'delayed')).toBe(0);
  });

  it('refuses a queue map whose queues are swapped', async () => {
    const swapped = { ...queues, notifications: queues.weeklyReports } as unknown as Queues;
    await expect(enqueue(swapped, notifyEventJob, { eventId: 1, clientId: id })).rejects.toThrow(
      'job notify-event belongs on queue notifications, not weekly-reports',
    );
  });

  it('delays a job by whole, non-negative milliseconds and fills payload defaults', async () => {
    const job = await enqueue(queues, pollRepliesJob, { linkedinAccountId: id, lookbackMinutes: 5 }, { delay: 1500.6 });
    expect(job.opts.delay).toBe(1501);
    expect(job.data).toEqual({ linkedinAccountId: id, lookbackMinutes: 5, reason: 'scheduled' });
    expect((await enqueue(queues, pollRepliesJob, { linkedinAccountId: id, lookbackMinutes: 5 }, { delay: -5 })).opts.delay).toBe(0);
  });
});

describe('enqueueBulk', () => {
  it('adds many jobs in one call under their ids and delays, skipping ids already there', async () => {
    const leadId = randomUUID();
    const added = await enqueueBulk(queues, sendOutboundActionJob, [
      { payload: { leadId, step: 0, action: 'invite' } },
      { payload: { leadId, step: 1, action: 'message', revision: 1 }, delay: 60_000 },
    ]);
    expect(added.map((j) => j.id)).toEqual([`lead-${leadId}-step-0-invite`, `lead-${leadId}-step-1-message-r1`]);
    expect(added[1]?.opts.delay).toBe(60_000);
    await enqueueBulk(queues, sendOutboundActionJob, [{ payload: { leadId, step: 0, action: 'invite' } }]);
    expect((await queues.outboundActions.getJobs(['waiting', 'delayed'])).filter((j) => j.data.leadId === leadId)).toHaveLength(2);
    expect(await enqueueBulk(queues, sendOutboundActionJob, [])).toEqual([]);
  });
});

describe('schedule', () => {
  it('registers a scheduler that adds the job with its options, and upserting it again keeps one', async () => {
    await schedule(queues, planWeeklyReportsJob, planWeeklyReportsJob.schedulerId, { every: 60_000 }, {});
    await schedule(queues, planWeeklyReportsJob, planWeeklyReportsJob.schedulerId, { every: 120_000 }, {});
    const schedulers = await queues.weeklyReports.getJobSchedulers(0, -1);
    expect(schedulers).toEqual([expect.objectContaining({ key: 'plan-weekly-reports', every: 120_000, name: 'plan-weekly-reports' })]);
    expect(schedulers[0]?.template?.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential', delay: 10_000 } });
  });
});
