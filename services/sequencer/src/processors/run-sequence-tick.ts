import { insertEvent, isSchedulerRunning, lockDueLeads, queueActions, rescheduleLeads, type DueLead } from '@outreach/db';
import { sendOutboundActionBulkJob } from '@outreach/queues';
import type { SequencerDeps } from '../deps';
import { planLead, windowAt, type LeadPlan } from '../planning/plan-lead';

export interface TickResult {
  scanned: number;
  enqueued: number;
  rescheduled: number;
  completed: number;
  batches: number;
  schedulerStopped?: true;
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
  // A batch's jobs go to Redis while the next batch's transaction runs; all are awaited at the end.
  const adding: Array<Promise<unknown>> = [];
  for (let batch = 0; batch < deps.tick.maxBatches; batch += 1) {
    const jobs = await deps.db.transaction(async (tx) => {
      const due = await lockDueLeads(tx, now, deps.tick.batchSize);
      result.scanned += due.length;
      const planned = due.map((lead) => ({ lead, plan: planLead(lead, now, window) }));
      const toQueue = planned.filter((p): p is { lead: DueLead; plan: Extract<LeadPlan, { kind: 'enqueue' }> } => p.plan.kind === 'enqueue');
      const queued = await queueActions(
        tx,
        toQueue.map(({ lead, plan }) => ({
          leadId: lead.leadId,
          clientId: lead.clientId,
          campaignId: lead.campaignId,
          linkedinAccountId: lead.linkedinAccountId,
          step: plan.step,
          action: plan.action,
        })),
      );
      const jobs = queued.map((a) => ({ action: a, job: sendOutboundActionBulkJob({ leadId: a.leadId, step: a.step, action: a.action, revision: a.revision }) }));

      const lease = new Date(now.getTime() + deps.tick.leaseMs);
      const changes = planned.flatMap(({ lead, plan }): Array<{ leadId: string; nextActionAt: Date | null; status?: 'completed'; currentStep?: number }> => {
        switch (plan.kind) {
          case 'enqueue':
            return [{ leadId: lead.leadId, nextActionAt: lease }];
          case 'reschedule':
            result.rescheduled += 1;
            return [{ leadId: lead.leadId, nextActionAt: plan.at }];
          case 'wait':
            return [{ leadId: lead.leadId, nextActionAt: null }];
          case 'skip_to':
            return [{ leadId: lead.leadId, nextActionAt: now, currentStep: plan.step }];
          case 'complete':
            result.completed += 1;
            return [{ leadId: lead.leadId, nextActionAt: null, status: 'completed' as const }];
        }
      });
      await rescheduleLeads(tx, changes);
      for (const { lead } of planned.filter((p) => p.plan.kind === 'complete')) {
        await insertEvent(tx, {
          clientId: lead.clientId,
          campaignId: lead.campaignId,
          leadId: lead.leadId,
          linkedinAccountId: lead.linkedinAccountId,
          type: 'lead_status_changed',
          occurredAt: now,
          meta: { from: lead.status, to: 'completed', reason: 'sequence_finished', step: lead.currentStep },
        });
      }
      return { jobs: jobs.map((j) => j.job), size: due.length };
    });
    result.batches += 1;
    if (jobs.jobs.length > 0) adding.push(deps.queues.outboundActions.addBulk(jobs.jobs));
    result.enqueued += jobs.jobs.length;
    if (jobs.size < deps.tick.batchSize) break;
  }
  // A failed add leaves queued rows whose leads are leased: the next tick after the lease re-adds them.
  await Promise.all(adding);
  if (result.scanned > 0) deps.logger.info('sequence tick', { ...result });
  return result;
}
