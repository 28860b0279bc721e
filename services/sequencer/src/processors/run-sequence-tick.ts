import {
  isSchedulerRunning,
  lockDueLeads,
  queueActions,
  rescheduleLeads,
  type DueLead,
  type LeadScheduleChange,
  type Tx,
} from '@outreach/db';
import { enqueueBulk, sendOutboundActionJob, sendOutboundActionJobId } from '@outreach/queues';
import type { SequencerDeps } from '../deps';
import { planLead, windowAt, type LeadPlan, type WindowAt } from '../planning/plan-lead';

export interface TickResult {
  scanned: number;
  enqueued: number;
  rescheduled: number;
  completed: number;
  batches: number;
  schedulerStopped?: true;
}

type Planned = { lead: DueLead; plan: LeadPlan };

/** What a plan does to its lead's row; `lease` keeps an enqueued lead off the next ticks. */
function leadChange({ lead, plan }: Planned, now: Date, lease: Date): LeadScheduleChange {
  switch (plan.kind) {
    case 'enqueue':
      return { leadId: lead.leadId, nextActionAt: lease };
    case 'reschedule':
      return { leadId: lead.leadId, nextActionAt: plan.at };
    case 'wait':
      return { leadId: lead.leadId, nextActionAt: null };
    case 'skip_to':
      return { leadId: lead.leadId, nextActionAt: now, currentStep: plan.step };
    case 'complete':
      return {
        leadId: lead.leadId,
        nextActionAt: null,
        transition: {
          lead: { id: lead.leadId, clientId: lead.clientId, campaignId: lead.campaignId, status: lead.status },
          to: 'completed',
          reason: 'sequence_finished',
          accountId: lead.linkedinAccountId,
          meta: { step: lead.currentStep },
        },
      };
  }
}

/** One batch in one transaction: lock, plan, write the queued actions and the leads. Returns its jobs. */
async function planBatch(tx: Tx, deps: SequencerDeps, now: Date, window: WindowAt) {
  const due = await lockDueLeads(tx, now, deps.tick.batchSize);
  const planned: Planned[] = due.map((lead) => ({ lead, plan: planLead(lead, now, window) }));
  const queued = await queueActions(
    tx,
    planned.flatMap(({ lead, plan }) =>
      plan.kind === 'enqueue'
        ? [
            {
              leadId: lead.leadId,
              clientId: lead.clientId,
              campaignId: lead.campaignId,
              linkedinAccountId: lead.linkedinAccountId,
              step: plan.step,
              action: plan.action,
            },
          ]
        : [],
    ),
  );
  const lease = new Date(now.getTime() + deps.tick.leaseMs);
  // Completions and their events are written by the same statement as the schedules.
  await rescheduleLeads(
    tx,
    planned.map((p) => leadChange(p, now, lease)),
    now,
  );
  const completed = planned.filter((p) => p.plan.kind === 'complete');
  return {
    jobs: queued.map((a) => ({ payload: { leadId: a.leadId, step: a.step, action: a.action, revision: a.revision } })),
    readded: queued.filter((a) => a.readded).map((a) => sendOutboundActionJobId(a)),
    scanned: due.length,
    rescheduled: planned.filter((p) => p.plan.kind === 'reschedule').length,
    completed: completed.length,
  };
}

/**
 * A re-added job whose id BullMQ still keeps in the failed set is a no-op add: the step would wait
 * forever while its row says `queued`. Its attempts ended without an outcome (it stalled past the
 * limit as its workers died, or its retries ran out with Redis or Postgres away), so it runs again;
 * the claim and the reconcile keep the send exactly once. Rare: only leads whose lease ended.
 */
async function reviveFailedJobs(deps: SequencerDeps, jobIds: string[]): Promise<void> {
  for (const id of jobIds) {
    const job = await deps.queues.outboundActions.getJob(id);
    if (job && (await job.isFailed())) {
      await job.retry('failed');
      deps.logger.warn('re-ran a send whose job had failed while its action was still queued', {
        job_id: id,
        failed_reason: job.failedReason,
      });
    }
  }
}

/**
 * One sequencer tick: in batches, locks due leads, decides each one's next action from its
 * campaign's calendar, writes the `queued` action rows (with their job ids) and leases the leads
 * for `leaseMs` in one transaction, then enqueues the jobs. The lease keeps the next tick off a
 * lead whose job is waiting; if Redis loses the job, the lead falls due again when the lease ends
 * and its still-queued action is re-enqueued under the same id.
 */
export async function processRunSequenceTick(deps: SequencerDeps, now: Date = new Date()): Promise<TickResult> {
  const result: TickResult = { scanned: 0, enqueued: 0, rescheduled: 0, completed: 0, batches: 0 };
  if (!(await isSchedulerRunning(deps.db))) {
    deps.logger.debug('scheduler stopped: tick does nothing');
    return { ...result, schedulerStopped: true };
  }
  const window = windowAt(now);
  // A batch's jobs go to Redis while the next batch's transaction runs. Every add is awaited even
  // when a later batch fails, so none is left to reject unobserved; a failed add leaves queued rows
  // whose leads are leased, and the first tick after the lease re-adds them.
  const adding: Array<Promise<unknown>> = [];
  let batchFailure: { err: unknown } | undefined;
  try {
    for (let batch = 0; batch < deps.tick.maxBatches; batch += 1) {
      const done = await deps.db.transaction((tx) => planBatch(tx, deps, now, window));
      result.batches += 1;
      result.scanned += done.scanned;
      result.rescheduled += done.rescheduled;
      result.completed += done.completed;
      result.enqueued += done.jobs.length;
      if (done.jobs.length > 0)
        adding.push(enqueueBulk(deps.queues, sendOutboundActionJob, done.jobs).then(() => reviveFailedJobs(deps, done.readded)));
      if (done.scanned < deps.tick.batchSize) break;
    }
  } catch (err) {
    batchFailure = { err };
  }
  // Every add is awaited even after a failed batch, so none is left running unobserved.
  const failedAdd = (await Promise.allSettled(adding)).find((r) => r.status === 'rejected');
  if (failedAdd) throw failedAdd.reason;
  if (batchFailure) throw batchFailure.err;
  if (result.scanned > 0) deps.logger.info('sequence tick', { ...result });
  return result;
}
