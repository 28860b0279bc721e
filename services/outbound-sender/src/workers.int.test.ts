import { enqueue, sendOutboundActionJob, sendOutboundActionJobId } from '@outreach/queues';
import { waitFor } from '@outreach/testing';
import { startSenderHarness, type SenderHarness } from './test-support/harness';
import { startSenderWorkers, type SenderWorkers } from './workers';

let h: SenderHarness;
let workers: SenderWorkers;
beforeAll(async () => {
  h = await startSenderHarness();
  // The harness keeps its prefix to itself; its queues carry it.
  workers = startSenderWorkers(h.deps, {
    connection: h.redis,
    prefix: h.queues.outboundActions.opts.prefix!,
    concurrency: 2,
    lockDurationMs: 10_000,
  });
});
afterAll(async () => {
  await workers.close();
  await h.close();
});

describe('the outbound-actions worker', () => {
  it('sends an enqueued invite and completes the job with the outcome', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    const job = await enqueue(h.queues, sendOutboundActionJob, { leadId: lead.leadId, step: 0, action: 'invite' });
    expect(job.id).toBe(sendOutboundActionJobId({ leadId: lead.leadId, step: 0, action: 'invite' }));

    await waitFor(async () => (await h.queues.outboundActions.getJobState(job.id!)) === 'completed', { what: 'send completed' });
    const done = await h.queues.outboundActions.getJob(job.id!);
    expect(done?.returnvalue).toMatchObject({ outcome: 'sent', action: 'invite' });
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'invite_sent' });
  });

  it('puts a job whose account must cool down back in the delayed set, no attempt spent', async () => {
    const s = await h.seed();
    const lead = await s.addLead();
    await h.control.addApiFault({
      method: 'GET',
      path: `/api/v1/users/${lead.publicIdentifier}`,
      status: 429,
      type: 'errors/too_many_requests',
    });
    const job = await enqueue(h.queues, sendOutboundActionJob, { leadId: lead.leadId, step: 0, action: 'invite' });

    await waitFor(async () => (await h.queues.outboundActions.getJobState(job.id!)) === 'delayed', { what: 'job deferred' });
    const waiting = await h.queues.outboundActions.getJob(job.id!);
    expect(waiting?.attemptsMade).toBe(0);
    expect(waiting!.timestamp + waiting!.delay).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect((await h.actions(lead.leadId))[0]?.status).toBe('queued');
  });
});
