import { assertLeadTransition, type LeadStatus, type LeadTransitionReason } from '@outreach/domain';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { rows } from '../rows';
import { activeLeadStatusList } from '../schema';
import { transitionMeta, type LeadInState } from './lead-transitions';

/** A due lead with what the sequencer needs to decide its next action, read in one statement. */
export interface DueLead {
  leadId: string;
  clientId: string;
  campaignId: string;
  linkedinAccountId: string;
  status: 'pending_invite' | 'invite_sent' | 'connected' | 'messaged';
  currentStep: number;
  nextActionAt: Date;
  connectedAt: Date | null;
  inviteSentAt: Date | null;
  lastStepSentAt: Date | null;
  calendar: { timezone: string; workingDays: number[]; hours: { start: string; end: string }; holidays: string[] };
  stepCount: number;
  /** The step at `current_step`, or null past the end of the sequence. */
  step: { action: 'invite' | 'message'; delayWorkingDays: number | null; delayMinutes: number | null } | null;
  /** The accept timeout of the step before `current_step` when it was an invite. */
  previousInviteTimeoutDays: number | null;
}

type Row = {
  lead_id: string;
  client_id: string;
  campaign_id: string;
  linkedin_account_id: string;
  status: DueLead['status'];
  current_step: number;
  next_action_at: Date;
  connected_at: Date | null;
  invite_sent_at: Date | null;
  last_step_sent_at: Date | null;
  timezone: string;
  working_days: number[];
  working_hours_start: string;
  working_hours_end: string;
  holidays: string[];
  step_count: number;
  step_action: 'invite' | 'message' | null;
  delay_working_days: number | null;
  delay_minutes: number | null;
  previous_invite_timeout_days: number | null;
};

const toDate = (v: Date | string | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));

/**
 * Locks and returns up to `limit` due leads: `next_action_at <= now`, a status automation still
 * acts on, campaign active, account OK and not cooling down or paused. Read through the partial
 * `leads_due_idx`. `SKIP LOCKED` lets two ticks (or a tick and a sender holding a lead) never wait
 * on each other nor take the same lead; the caller must run it in a transaction.
 */
export async function lockDueLeads(tx: DbOrTx, now: Date, limit: number): Promise<DueLead[]> {
  // postgres.js serialises Date parameters only for typed columns; here the instant goes as text.
  const at = now.toISOString();
  const due = await rows<Row>(
    tx,
    sql`
    select l.id as lead_id, l.client_id, l.campaign_id, c.linkedin_account_id, l.status, l.current_step,
           l.next_action_at, l.connected_at, l.invite_sent_at, l.last_step_sent_at,
           c.timezone, c.working_days, c.working_hours_start, c.working_hours_end, c.holidays,
           (select count(*)::int from sequence_steps s where s.campaign_id = c.id) as step_count,
           s.action as step_action, s.delay_working_days, s.delay_minutes,
           (select p.accept_timeout_days from sequence_steps p
             where p.campaign_id = c.id and p.position = l.current_step - 1 and p.action = 'invite') as previous_invite_timeout_days
      from leads l
      join campaigns c on c.id = l.campaign_id and c.status = 'active'
      join linkedin_accounts a on a.id = c.linkedin_account_id
       and a.status = 'OK' and a.paused_reason is null
       and (a.cooldown_until is null or a.cooldown_until <= ${at}::timestamptz)
      left join sequence_steps s on s.campaign_id = c.id and s.position = l.current_step
     where l.next_action_at <= ${at}::timestamptz
       and l.status in (${activeLeadStatusList})
     order by l.next_action_at
     limit ${limit}
       for update of l skip locked
  `,
  );
  return due.map((r) => ({
    leadId: r.lead_id,
    clientId: r.client_id,
    campaignId: r.campaign_id,
    linkedinAccountId: r.linkedin_account_id,
    status: r.status,
    currentStep: r.current_step,
    nextActionAt: toDate(r.next_action_at) as Date,
    connectedAt: toDate(r.connected_at),
    inviteSentAt: toDate(r.invite_sent_at),
    lastStepSentAt: toDate(r.last_step_sent_at),
    calendar: {
      timezone: r.timezone,
      workingDays: r.working_days,
      hours: { start: r.working_hours_start, end: r.working_hours_end },
      holidays: r.holidays,
    },
    stepCount: r.step_count,
    step: r.step_action ? { action: r.step_action, delayWorkingDays: r.delay_working_days, delayMinutes: r.delay_minutes } : null,
    previousInviteTimeoutDays: r.previous_invite_timeout_days,
  }));
}

export interface QueuedActionInput {
  leadId: string;
  clientId: string;
  campaignId: string;
  linkedinAccountId: string;
  step: number;
  action: 'invite' | 'message' | 'withdraw';
}

export interface QueuedAction extends QueuedActionInput {
  id: string;
  revision: number;
  status: 'queued' | 'sending';
  /** The row was already queued or sending: its job is re-added (a lease ended), not new. */
  readded: boolean;
}

/**
 * Writes the `queued` action rows for a batch before their jobs are enqueued, each with its job id
 * (`sendOutboundActionJobId` of @outreach/queues, spelt in SQL: revision 0 has no suffix, a
 * re-queued row `-r<revision>`; the sequencer's test checks both agree). A new row is
 * inserted; a `cancelled` one (its campaign was paused, its account paused) is queued again with
 * the next revision; a row still `queued` or `sending` is returned as is, so its job is re-added —
 * a no-op while the job exists, and the repair when Redis lost it. Rows already `sent` or `failed`
 * are not returned: that step is over.
 */
export async function queueActions(tx: DbOrTx, inputs: QueuedActionInput[]): Promise<QueuedAction[]> {
  if (inputs.length === 0) return [];
  const queued = await rows<{
    id: string;
    lead_id: string;
    step: number;
    action: QueuedAction['action'];
    revision: number;
    status: QueuedAction['status'];
    readded: boolean;
  }>(
    tx,
    sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(inputs)}::jsonb)
        as r("leadId" uuid, "clientId" uuid, "campaignId" uuid, "linkedinAccountId" uuid, step int, action outbound_action_kind)
    ), upserted as (
      insert into outbound_actions (client_id, campaign_id, lead_id, linkedin_account_id, step, action, status, job_id)
      select "clientId", "campaignId", "leadId", "linkedinAccountId", step, action, 'queued',
             'lead-' || "leadId" || '-step-' || step || '-' || action
        from input
      on conflict (lead_id, step, action) do update
         set status = 'queued', revision = outbound_actions.revision + 1, error_code = null, error_message = null,
             linkedin_account_id = excluded.linkedin_account_id, updated_at = now(),
             job_id = 'lead-' || outbound_actions.lead_id || '-step-' || outbound_actions.step || '-' || outbound_actions.action
                      || '-r' || (outbound_actions.revision + 1)
       where outbound_actions.status = 'cancelled'
      returning id, lead_id, step, action, revision, status
    )
    select id, lead_id, step, action, revision, status, false as readded from upserted
    union all
    select o.id, o.lead_id, o.step, o.action, o.revision, o.status, true as readded
      from outbound_actions o join input i on o.lead_id = i."leadId" and o.step = i.step and o.action = i.action
     where o.status in ('queued', 'sending') and o.id not in (select id from upserted)
  `,
  );
  const byKey = new Map(inputs.map((i) => [`${i.leadId}/${i.step}/${i.action}`, i]));
  return queued.flatMap((r) => {
    const input = byKey.get(`${r.lead_id}/${r.step}/${r.action}`);
    return input ? [{ ...input, id: r.id, revision: r.revision, status: r.status, readded: r.readded }] : [];
  });
}

/** One lead's new schedule after a tick planned it, and its status change when the plan ends its sequence. */
export interface LeadScheduleChange {
  leadId: string;
  nextActionAt: Date | null;
  currentStep?: number;
  /** Checked against the lifecycle table; written with its `lead_status_changed` event in the same statement. */
  transition?: {
    lead: LeadInState;
    to: LeadStatus;
    reason: LeadTransitionReason;
    accountId: string | null;
    meta?: Record<string, unknown>;
  };
}

/** A change as one JSON record: absent keys read as null, so a plain reschedule stays small. */
function toRecord(c: LeadScheduleChange): Record<string, unknown> {
  const t = c.transition;
  const record = { id: c.leadId, at: c.nextActionAt?.toISOString() ?? null, step: c.currentStep };
  if (!t) return record;
  assertLeadTransition(t.lead.status, t.to, t.reason);
  return {
    ...record,
    status: t.to,
    from: t.lead.status,
    client_id: t.lead.clientId,
    campaign_id: t.lead.campaignId,
    account_id: t.accountId,
    meta: { ...t.meta, ...transitionMeta(t.lead.status, t.to, t.reason) },
  };
}

/**
 * Writes a batch's plans in one statement: every lead's `next_action_at` (and step), the status
 * transitions (a finished sequence → `completed`, each checked against the lifecycle table before
 * anything is written) guarded by the status each lead was locked in, and one
 * `lead_status_changed` event per lead that did change, with `from`, `to` and `reason`. A batch
 * without a transition (the usual tick) is a plain update. The caller holds the leads' row locks
 * (`lockDueLeads`).
 */
export async function rescheduleLeads(tx: DbOrTx, changes: LeadScheduleChange[], at: Date = new Date()): Promise<void> {
  if (changes.length === 0) return;
  const payload = JSON.stringify(changes.map(toRecord));
  if (!changes.some((c) => c.transition)) {
    await tx.execute(sql`
      update leads l
         set next_action_at = p.at, current_step = coalesce(p.step, l.current_step), updated_at = now()
        from jsonb_to_recordset(${payload}::jsonb) as p(id uuid, at timestamptz, step int)
       where l.id = p.id
    `);
    return;
  }
  await tx.execute(sql`
    with p as (
      select * from jsonb_to_recordset(${payload}::jsonb)
        as p(id uuid, at timestamptz, step int, status lead_status, "from" lead_status, client_id uuid, campaign_id uuid, account_id uuid, meta jsonb)
    ), changed as (
      update leads l
         set next_action_at = p.at,
             status = coalesce(p.status, l.status),
             current_step = coalesce(p.step, l.current_step),
             updated_at = now()
        from p
       where l.id = p.id and (p."from" is null or l.status = p."from")
      returning l.id
    )
    insert into events (client_id, campaign_id, lead_id, linkedin_account_id, type, occurred_at, meta)
    select p.client_id, p.campaign_id, p.id, p.account_id, 'lead_status_changed', ${at.toISOString()}::timestamptz, p.meta
      from p join changed c on c.id = p.id
     where p.status is not null
  `);
}
