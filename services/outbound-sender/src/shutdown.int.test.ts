import { enqueue, sendOutboundActionJob } from '@outreach/queues';
import { waitFor } from '@outreach/testing';
import { startSenderHarness, type SenderHarness } from './test-support/harness';
import { startSenderWorkers } from './workers';

let h: SenderHarness;
beforeAll(async () => {
  h = await startSenderHarness();
});
afterAll(() => h.close());

describe('draining the sender (what SIGTERM runs before the process exits)', () => {
  it('finishes the send in flight: its claim ends sent, never left in sending, and LinkedIn got one invite', async () => {
    const workers = startSenderWorkers(h.deps, {
      connection: h.redis,
      prefix: h.queues.outboundActions.opts.prefix!,
      concurrency: 1,
      lockDurationMs: 10_000,
    });
    const s = await h.seed();
    const lead = await s.addLead();
    // A slow but successful LinkedIn call: the drain starts while it is in flight.
    await h.control.addApiFault({ method: 'POST', path: '/api/v1/users/invite', status: 200, delay_ms: 1500, count: 1 });
    await enqueue(h.queues, sendOutboundActionJob, { leadId: lead.leadId, step: 0, action: 'invite' });
    await waitFor(async () => (await h.actions(lead.leadId))[0]?.status === 'sending', { what: 'the claim committed', timeoutMs: 15_000 });

    await workers.close();

    expect((await h.actions(lead.leadId)).map((a) => a.status)).toEqual(['sent']);
    expect(await h.lead(lead.leadId)).toMatchObject({ status: 'invite_sent' });
    expect((await h.control.sent(s.account.unipileAccountId)).invitations).toHaveLength(1);
  });
});
