import { campaigns, events, leads, linkedinAccounts, outboundActions, setSchedulerState } from '@outreach/db';
import { and, eq, inArray } from 'drizzle-orm';
import { createRedisConnection } from '@outreach/queues';
import { testRedisUrl, waitFor } from '@outreach/testing';
import { UnrecoverableError, Worker } from 'bullmq';
import { startSequencerHarness, type SequencerHarness } from '../test-support/harness';
import { processRunSequenceTick } from './run-sequence-tick';

let h: SequencerHarness;
beforeAll(async () => {
  h = await startSequencerHarness();
});
afterAll(async () => {
  await setSchedulerState(h.database.db, { running: true });
  await h.close();
});

// A Monday, 10:00 in London (BST).
const MONDAY_10 = new Date('2026-06-01T09:00:00Z');
const actionsOf = (leadIds: string[]) => h.database.db.select().from(outboundActions).where(inArray(outboundActions.leadId, leadIds));
const leadRows = (leadIds: string[]) => h.database.db.select().from(leads).where(inArray(leads.id, leadIds));
const jobIds = async () => (await h.queues.outboundActions.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.id).sort();

describe('a sequencer tick', () => {
  it('queues one action and one job per due lead, then leaves them alone', async () => {
    const s = await h.seed();
    const ids = [await s.addLead(), await s.addLead(), await s.addLead()];
    const before = await jobIds();

    const first = await processRunSequenceTick(h.deps, MONDAY_10);
    // This file has a database of its own and this is its first tick: exactly our three leads.
    expect(first.enqueued).toBe(3);
    const actions = await actionsOf(ids);
    expect(actions.map((a) => [a.status, a.action, a.step])).toEqual(ids.map(() => ['queued', 'invite', 0]));
    expect(actions.every((a) => a.jobId === `lead-${a.leadId}-step-0-invite`)).toBe(true);
    const added = (await jobIds()).filter((id) => !before.includes(id!));
    expect(added.sort()).toEqual(actions.map((a) => a.jobId).sort());
    const job = await h.queues.outboundActions.getJob(actions[0]!.jobId!);
    expect(job?.data).toEqual({ leadId: actions[0]!.leadId, step: 0, action: 'invite', revision: 0 });
    // Leased: the next tick does not pick them again.
    expect((await leadRows(ids)).every((l) => l.nextActionAt!.getTime() === MONDAY_10.getTime() + 900_000)).toBe(true);
    const second = await processRunSequenceTick(h.deps, new Date(MONDAY_10.getTime() + 60_000));
    expect((await actionsOf(ids)).length).toBe(3);
    expect(second.enqueued).toBe(0);
  });

  it('re-adds a lost job under the same id when the lease ends', async () => {
    const s = await h.seed();
    const id = await s.addLead();
    await processRunSequenceTick(h.deps, MONDAY_10);
    const [action] = await actionsOf([id]);
    await (await h.queues.outboundActions.getJob(action!.jobId!))!.remove();
    await processRunSequenceTick(h.deps, new Date(MONDAY_10.getTime() + 900_000));
    expect((await h.queues.outboundActions.getJob(action!.jobId!))?.data).toEqual({ leadId: id, step: 0, action: 'invite', revision: 0 });
    expect(await actionsOf([id])).toHaveLength(1);
  });

  it('runs again a job that failed while its action stayed queued (it stalled past the limit as its workers died)', async () => {
    const s = await h.seed();
    const id = await s.addLead();
    await processRunSequenceTick(h.deps, MONDAY_10);
    const [action] = await actionsOf([id]);
    const queue = h.queues.outboundActions;
    // What BullMQ does to a job whose workers died twice while it ran: failed, no outcome recorded.
    const connection = createRedisConnection(testRedisUrl(), 'worker');
    const worker = new Worker(queue.name, async () => Promise.reject(new UnrecoverableError('job stalled more than allowable limit')), {
      connection,
      prefix: queue.opts.prefix,
    });
    await waitFor(async () => (await (await queue.getJob(action!.jobId!))?.getState()) === 'failed', { what: 'the job failed' });
    await worker.close();
    connection.disconnect();

    await processRunSequenceTick(h.deps, new Date(MONDAY_10.getTime() + 900_000));
    expect(await (await queue.getJob(action!.jobId!))?.getState()).toBe('waiting');
    expect((await actionsOf([id]))[0]).toMatchObject({ status: 'queued', revision: 0 });
  });

  it('queues a cancelled step again under a new revision and job id', async () => {
    const s = await h.seed();
    const id = await s.addLead();
    await processRunSequenceTick(h.deps, MONDAY_10);
    await h.database.db
      .update(outboundActions)
      .set({ status: 'cancelled', errorCode: 'campaign_paused' })
      .where(eq(outboundActions.leadId, id));
    await h.database.db.update(leads).set({ nextActionAt: MONDAY_10 }).where(eq(leads.id, id));
    await processRunSequenceTick(h.deps, MONDAY_10);
    const [action] = await actionsOf([id]);
    expect(action).toMatchObject({ status: 'queued', revision: 1, errorCode: null, jobId: `lead-${id}-step-0-invite-r1` });
    expect((await h.queues.outboundActions.getJob(action!.jobId!))?.data).toMatchObject({ revision: 1 });
  });

  it('moves a lead due on a Saturday in the campaign’s zone to Monday 09:00 there, enqueuing nothing', async () => {
    const s = await h.seed({ timezone: 'Asia/Kolkata' });
    const id = await s.addLead();
    // Saturday 12:00 in Kolkata.
    await processRunSequenceTick(h.deps, new Date('2026-06-06T06:30:00Z'));
    expect(await actionsOf([id])).toHaveLength(0);
    expect((await leadRows([id]))[0]!.nextActionAt!.toISOString()).toBe('2026-06-08T03:30:00.000Z');
  });

  it.each([
    [
      'a paused campaign',
      async (s: { campaign: { id: string } }) =>
        void (await h.database.db.update(campaigns).set({ status: 'paused' }).where(eq(campaigns.id, s.campaign.id))),
    ],
    [
      'an account that is not OK',
      async (s: { accountId: string }) =>
        void (await h.database.db.update(linkedinAccounts).set({ status: 'CREDENTIALS' }).where(eq(linkedinAccounts.id, s.accountId))),
    ],
    [
      'a paused account',
      async (s: { accountId: string }) =>
        void (await h.database.db
          .update(linkedinAccounts)
          .set({ pausedReason: 'account_restricted' })
          .where(eq(linkedinAccounts.id, s.accountId))),
    ],
    [
      'an account cooling down',
      async (s: { accountId: string }) =>
        void (await h.database.db
          .update(linkedinAccounts)
          .set({ cooldownUntil: new Date(MONDAY_10.getTime() + 3600_000) })
          .where(eq(linkedinAccounts.id, s.accountId))),
    ],
  ])('leaves the leads of %s alone', async (_label, change) => {
    const s = await h.seed();
    const id = await s.addLead();
    await change(s as never);
    await processRunSequenceTick(h.deps, MONDAY_10);
    expect(await actionsOf([id])).toHaveLength(0);
  });

  it('does nothing while the global scheduler is stopped', async () => {
    const s = await h.seed();
    const id = await s.addLead();
    await setSchedulerState(h.database.db, { running: false, reason: 'test' });
    try {
      expect(await processRunSequenceTick(h.deps, MONDAY_10)).toMatchObject({ schedulerStopped: true, enqueued: 0 });
    } finally {
      await setSchedulerState(h.database.db, { running: true });
    }
    expect(await actionsOf([id])).toHaveLength(0);
  });

  it('completes a lead past its last step, with one event', async () => {
    const s = await h.seed();
    const id = await s.addLead({ status: 'messaged', currentStep: 2, lastStepSentAt: MONDAY_10 });
    await processRunSequenceTick(h.deps, MONDAY_10);
    expect((await leadRows([id]))[0]).toMatchObject({ status: 'completed', nextActionAt: null });
    const rows = await h.database.db
      .select()
      .from(events)
      .where(and(eq(events.leadId, id)));
    expect(rows.map((e) => [e.type, e.meta])).toEqual([
      ['lead_status_changed', { from: 'messaged', to: 'completed', reason: 'sequence_finished', step: 2 }],
    ]);
    expect(rows[0]).toMatchObject({ linkedinAccountId: s.accountId, campaignId: s.campaign.id, occurredAt: MONDAY_10 });
  });

  it('withdraws an invitation whose accept timeout passed', async () => {
    const s = await h.seed();
    const id = await s.addLead({
      status: 'invite_sent',
      currentStep: 1,
      inviteSentAt: new Date('2026-05-15T09:00:00Z'),
      nextActionAt: new Date('2026-05-29T09:00:00Z'),
    });
    await processRunSequenceTick(h.deps, MONDAY_10);
    expect((await actionsOf([id])).map((a) => [a.action, a.step])).toEqual([['withdraw', 0]]);
  });

  it('two ticks at once queue each lead once', async () => {
    const s = await h.seed();
    const ids = await Promise.all(Array.from({ length: 40 }, () => s.addLead()));
    await Promise.all([
      processRunSequenceTick({ ...h.deps, tick: { ...h.deps.tick, batchSize: 7 } }, MONDAY_10),
      processRunSequenceTick({ ...h.deps, tick: { ...h.deps.tick, batchSize: 7 } }, MONDAY_10),
    ]);
    const actions = await actionsOf(ids);
    expect(actions).toHaveLength(40);
    expect(new Set(actions.map((a) => a.leadId)).size).toBe(40);
    for (const a of actions)
      expect((await h.queues.outboundActions.getJob(a.jobId!))?.data).toEqual({ leadId: a.leadId, step: 0, action: 'invite', revision: 0 });
  });
});
