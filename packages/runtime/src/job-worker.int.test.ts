import { randomUUID } from 'node:crypto';
import { createCapturingLogger, type CapturedEntry } from '@outreach/logger';
import { enqueue, JOBS, notifyReplyJob, pollRepliesJob, QUEUES } from '@outreach/queues';
import { waitFor } from '@outreach/testing';
import { openWorkerBench, type WorkerBench } from './test-support/worker-bench';

let bench: WorkerBench;
beforeEach(() => {
  bench = openWorkerBench();
});
afterEach(() => bench.close());

const failedEntries = (entries: CapturedEntry[]) => entries.filter((e) => e.message === 'job failed');
const replyPayload = () => ({ eventId: 7, leadId: randomUUID(), clientId: randomUUID() });

describe('createJobWorker', () => {
  it('fails every defined job with a bad payload at once, after one attempt, without calling its processor', async () => {
    const { logger, entries } = createCapturingLogger('runtime-test');
    const calls = Object.values(QUEUES).flatMap((queue) => bench.start(queue, logger));
    // Added raw, past `enqueue` (which refuses it): what a stale producer or a hand-edited job looks like.
    const added = await Promise.all(
      JOBS.map((job) => bench.queue(job.queue).add(job.name, 'not-an-object' as never, { ...job.options, attempts: 5 })),
    );

    for (const [i, job] of added.entries()) {
      const definition = JOBS[i]!;
      await waitFor(async () => (await job.getState()) === 'failed', { what: `${definition.name} failed` });
      const failed = await bench.queue(definition.queue).getJob(job.id!);
      expect({ name: definition.name, attemptsMade: failed?.attemptsMade, reason: failed?.failedReason }).toEqual({
        name: definition.name,
        attemptsMade: 1,
        reason: expect.stringContaining(`invalid ${definition.name} payload: (root): `),
      });
    }
    expect(calls).toEqual([]);
    await waitFor(() => failedEntries(entries).length === JOBS.length, { what: 'one failure logged per job' });
    expect(failedEntries(entries).map((e) => e.will_retry)).toEqual(JOBS.map(() => false));
  });

  it('names every bad field of a payload', async () => {
    bench.start(QUEUES.notifications, createCapturingLogger('runtime-test').logger);
    const job = await bench.queues.notifications.add(notifyReplyJob.name, { eventId: -1, leadId: 'x' }, { attempts: 5 });
    await waitFor(async () => (await job.getState()) === 'failed', { what: 'bad payload failed' });
    const reason = (await bench.queues.notifications.getJob(job.id!))?.failedReason ?? '';
    expect(reason).toMatch(/^invalid notify-reply payload: /);
    expect(reason).toContain('eventId: ');
    expect(reason).toContain('leadId: ');
    expect(reason).toContain('clientId: ');
  });

  it('fails a job whose name is not defined on its queue at once, unretried', async () => {
    bench.start(QUEUES.outboundActions, createCapturingLogger('runtime-test').logger);
    // notify-reply is defined, but on the notifications queue.
    const job = await bench.queues.outboundActions.add(notifyReplyJob.name, replyPayload(), { attempts: 5 });
    await waitFor(async () => (await job.getState()) === 'failed', { what: 'unknown job failed' });
    const failed = await bench.queues.outboundActions.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toBe('unknown job notify-reply on outbound-actions');
  });

  it('gives each run a logger naming queue, job, id, attempt and whether it is the last, also as deps.logger', async () => {
    const { logger, entries } = createCapturingLogger('runtime-test');
    bench.start(QUEUES.notifications, logger, async ({ ctx, deps }) => {
      deps.logger.info('working');
      if (ctx.job.attemptsMade === 0) throw new Error('first attempt fails');
      return { final: ctx.isFinalAttempt };
    });
    const job = await bench.queues.notifications.add(notifyReplyJob.name, replyPayload(), { attempts: 2, jobId: `retry-${randomUUID()}` });
    await waitFor(async () => (await job.getState()) === 'completed', { what: 'completed on its retry' });

    const working = entries.filter((e) => e.message === 'working');
    const fields = (e: CapturedEntry) => ({
      queue: e.queue,
      job_name: e.job_name,
      job_id: e.job_id,
      attempt: e.attempt,
      is_final_attempt: e.is_final_attempt,
    });
    expect(working.map(fields)).toEqual([
      { queue: 'notifications', job_name: 'notify-reply', job_id: job.id, attempt: 1, is_final_attempt: false },
      { queue: 'notifications', job_name: 'notify-reply', job_id: job.id, attempt: 2, is_final_attempt: true },
    ]);
    const [failure] = failedEntries(entries);
    expect(failure).toMatchObject({ queue: 'notifications', job_name: 'notify-reply', job_id: job.id, attempt: 1, will_retry: true });
    expect(failure?.err).toMatchObject({
      name: 'Error',
      message: 'first attempt fails',
      stack: expect.stringContaining('first attempt fails\n    at '),
    });
    expect((await bench.queues.notifications.getJob(job.id!))?.returnvalue).toEqual({ final: true });
  });

  it('passes the parsed payload, defaults filled in, to the processor', async () => {
    const calls = bench.start(QUEUES.replyBackfill, createCapturingLogger('runtime-test').logger);
    const linkedinAccountId = randomUUID();
    await enqueue(bench.queues, pollRepliesJob, { linkedinAccountId, lookbackMinutes: 30 });
    await waitFor(() => calls.length === 1, { what: 'processor called' });
    expect(calls[0]).toMatchObject({ name: 'poll-replies', payload: { linkedinAccountId, lookbackMinutes: 30, reason: 'scheduled' } });
  });

  it('moves a deferred job back to the delayed set without spending an attempt or logging a failure', async () => {
    const { logger, entries } = createCapturingLogger('runtime-test');
    const until = new Date(Date.now() + 3600_000);
    bench.start(QUEUES.notifications, logger, ({ ctx }) => ctx.defer(until));
    const job = await enqueue(bench.queues, notifyReplyJob, replyPayload());
    await waitFor(async () => (await job.getState()) === 'delayed', { what: 'deferred' });

    const deferred = await bench.queues.notifications.getJob(job.id!);
    expect(deferred?.attemptsMade).toBe(0);
    expect(deferred!.timestamp + deferred!.delay).toBeGreaterThanOrEqual(until.getTime() - 1000);
    expect(failedEntries(entries)).toEqual([]);
  });
});
