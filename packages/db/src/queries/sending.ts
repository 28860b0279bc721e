import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client';
import { rows } from '../rows';
import { campaigns, leads, linkedinAccounts, outboundActions, sequenceSteps } from '../schema';
import type { LinkedinAccount } from './accounts';

import type { Lead } from './leads';
export type Campaign = typeof campaigns.$inferSelect;
export type SequenceStep = typeof sequenceSteps.$inferSelect;
export type OutboundAction = typeof outboundActions.$inferSelect;

/** Everything one send reads before it locks anything. */
export interface SendContext {
  lead: Lead;
  campaign: Campaign;
  steps: SequenceStep[];
  account: LinkedinAccount;
  action: OutboundAction | null;
}

/** A row read as JSON (`row_to_json`) → the shape drizzle returns for that table (camelCase, Dates). */
function fromJson<T extends PgTable>(table: T): (json: Record<string, unknown>) => T['$inferSelect'] {
  const columns = Object.entries(getTableColumns(table));
  return (json) => {
    const row: Record<string, unknown> = {};
    for (const [prop, column] of columns) {
      const value = json[column.name] ?? null;
      row[prop] = value !== null && column.columnType === 'PgTimestamp' ? new Date(value as string) : value;
    }
    return row as T['$inferSelect'];
  };
}

const leadFromJson = fromJson(leads);
const campaignFromJson = fromJson(campaigns);
const accountFromJson = fromJson(linkedinAccounts);
const stepFromJson = fromJson(sequenceSteps);
const actionFromJson = fromJson(outboundActions);

type ContextRow = {
  lead: Record<string, unknown>;
  campaign: Record<string, unknown>;
  account: Record<string, unknown>;
  steps: Array<Record<string, unknown>> | null;
  action: Record<string, unknown> | null;
};

/**
 * Loads a send's context (unlocked) in one round trip; null when the lead is gone. Raw SQL and a
 * plain JSON mapping: three built-and-mapped queries per send showed in bench/sender.
 */
export async function loadSendContext(
  db: DbOrTx,
  key: { leadId: string; step: number; action: OutboundAction['action'] },
): Promise<SendContext | null> {
  const [row] = await rows<ContextRow>(
    db,
    sql`
    select row_to_json(l.*) as lead, row_to_json(c.*) as campaign, row_to_json(a.*) as account,
           (select json_agg(s.* order by s.position) from sequence_steps s where s.campaign_id = c.id) as steps,
           (select row_to_json(o.*) from outbound_actions o
             where o.lead_id = l.id and o.step = ${key.step} and o.action = ${key.action}::outbound_action_kind) as action
      from leads l
      join campaigns c on c.id = l.campaign_id
      join linkedin_accounts a on a.id = c.linkedin_account_id
     where l.id = ${key.leadId}::uuid
  `,
  );
  if (!row) return null;
  return {
    lead: leadFromJson(row.lead),
    campaign: campaignFromJson(row.campaign),
    account: accountFromJson(row.account),
    steps: (row.steps ?? []).map(stepFromJson),
    action: row.action ? actionFromJson(row.action) : null,
  };
}

/** The state a send must re-check while it holds its lead's lock. */
export interface LockedSendState {
  lead: Lead;
  campaignStatus: Campaign['status'];
  campaignName: string;
  account: Pick<LinkedinAccount, 'status' | 'pausedReason' | 'cooldownUntil'>;
  schedulerRunning: boolean;
  action: Pick<OutboundAction, 'id' | 'status' | 'revision' | 'renderedText' | 'claimedAt'> | null;
  /** Any lead of this person in this client has a recorded reply. */
  personReplied: boolean;
}

type LockedRow = {
  lead: Record<string, unknown>;
  campaign_status: Campaign['status'];
  campaign_name: string;
  account_status: string;
  paused_reason: string | null;
  cooldown_until: string | Date | null;
  scheduler_running: boolean;
  action: { id: string; status: OutboundAction['status']; revision: number; renderedText: string | null; claimedAt: string | null } | null;
  person_replied: boolean;
};

/**
 * Locks the lead row (the reply path locks it too, so a reply and a send never interleave), then
 * re-reads everything that may have changed since the job was enqueued.
 * `FOR NO KEY UPDATE`: it excludes the reply path's lock but not the key-share locks of rows that
 * merely reference the lead (events, messages), which need not wait for a Unipile call.
 * Two statements, on purpose: when the lock had to wait (a pause held the campaign's leads), a
 * single locking statement would re-check only the lead and keep the campaign, account and
 * scheduler values of its start, so a send could go out after the pause committed. The second
 * statement reads them as of after the lock.
 * Raw SQL: this runs once per send, and building it with the query builder cost more CPU than
 * Postgres spent running it (bench/sender).
 */
export async function lockSendState(tx: DbOrTx, leadId: string, actionId: string | null): Promise<LockedSendState | null> {
  // The lock first, in a statement of its own: a send that waited here behind a pause must then read
  // the campaign as it is now. In one statement, the joined campaign row would be read as of before the wait.
  const locked = await rows<{ id: string }>(tx, sql`select id from leads where id = ${leadId}::uuid for no key update`);
  if (locked.length === 0) return null;
  const [row] = await rows<LockedRow>(
    tx,
    sql`
    select row_to_json(l.*) as lead, c.status as campaign_status, c.name as campaign_name,
           a.status as account_status, a.paused_reason, a.cooldown_until,
           coalesce((select running from automation_state where key = 'scheduler'), true) as scheduler_running,
           (select json_build_object('id', o.id, 'status', o.status, 'revision', o.revision, 'renderedText', o.rendered_text, 'claimedAt', o.claimed_at)
              from outbound_actions o where o.id = ${actionId}::uuid) as action,
           exists (select 1 from leads p join events e on e.lead_id = p.id and e.type = 'message_received'
                    where p.client_id = l.client_id
                      and (p.id = l.id
                        or (l.provider_id is not null and p.provider_id = l.provider_id)
                        or (l.public_identifier is not null and p.public_identifier = l.public_identifier))) as person_replied
      from leads l
      join campaigns c on c.id = l.campaign_id
      join linkedin_accounts a on a.id = c.linkedin_account_id
     where l.id = ${leadId}::uuid
  `,
  );
  if (!row) return null;
  return {
    lead: leadFromJson(row.lead),
    campaignStatus: row.campaign_status,
    campaignName: row.campaign_name,
    account: {
      status: row.account_status,
      pausedReason: row.paused_reason,
      cooldownUntil: row.cooldown_until ? new Date(row.cooldown_until) : null,
    },
    schedulerRunning: row.scheduler_running,
    action: row.action ? { ...row.action, claimedAt: row.action.claimedAt ? new Date(row.action.claimedAt) : null } : null,
    personReplied: row.person_replied,
  };
}

/**
 * The claim: queued → sending (or a re-claim of a `sending` row after a reconcile found nothing
 * sent), with the rendered text. Committed on its own before Unipile is called, so a crash during
 * the call leaves a row that says "maybe sent". As a statement for `reserveUsageAnd`
 * (@outreach/rate-limits) it applies only when the rate reservation in the same statement was
 * made, so "claimed" and "counted" commit together; `claimAction` runs it alone.
 */
export function claimActionStatement(actionId: string, revision: number, renderedText: string | null): (guard: SQL) => SQL {
  return (guard) => sql`
    update outbound_actions
       set status = 'sending', rendered_text = ${renderedText}, claimed_at = now(), attempts = attempts + 1, updated_at = now()
     where id = ${actionId}::uuid and revision = ${revision} and status in ('queued', 'sending') and ${guard}
    returning id`;
}

/** The claim without a rate reservation (a re-claim, a withdrawal). */
export async function claimAction(db: DbOrTx, actionId: string, revision: number, renderedText: string | null): Promise<boolean> {
  const claimed = await rows<{ id: string }>(db, claimActionStatement(actionId, revision, renderedText)(sql`true`));
  return claimed.length > 0;
}

/** Creates the action row when a job arrives without one (enqueued by hand or by an older sequencer). */
export async function ensureActionRow(
  db: DbOrTx,
  input: {
    clientId: string;
    campaignId: string;
    leadId: string;
    linkedinAccountId: string;
    step: number;
    action: OutboundAction['action'];
    jobId: string;
  },
): Promise<OutboundAction> {
  await db
    .insert(outboundActions)
    .values({ ...input, status: 'queued' })
    .onConflictDoNothing();
  const [row] = await db
    .select()
    .from(outboundActions)
    .where(and(eq(outboundActions.leadId, input.leadId), eq(outboundActions.step, input.step), eq(outboundActions.action, input.action)))
    .limit(1);
  if (!row) throw new Error(`outbound action for lead ${input.leadId} step ${input.step} vanished`);
  return row;
}
