import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client';
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

/** Loads a send's context (unlocked); null when the lead is gone. */
export async function loadSendContext(db: DbOrTx, key: { leadId: string; step: number; action: OutboundAction['action'] }): Promise<SendContext | null> {
  const [row] = await db
    .select({ lead: leads, campaign: campaigns, account: linkedinAccounts })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .innerJoin(linkedinAccounts, eq(linkedinAccounts.id, campaigns.linkedinAccountId))
    .where(eq(leads.id, key.leadId))
    .limit(1);
  if (!row) return null;
  const [steps, [action]] = await Promise.all([
    db.select().from(sequenceSteps).where(eq(sequenceSteps.campaignId, row.campaign.id)).orderBy(asc(sequenceSteps.position)),
    db
      .select()
      .from(outboundActions)
      .where(and(eq(outboundActions.leadId, key.leadId), eq(outboundActions.step, key.step), eq(outboundActions.action, key.action)))
      .limit(1),
  ]);
  return { ...row, steps, action: action ?? null };
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

/**
 * Locks the lead row (the reply path locks it too, so a reply and a send never interleave) and
 * re-reads, in the same statement, everything that may have changed since the job was enqueued.
 */
export async function lockSendState(tx: DbOrTx, leadId: string, actionId: string | null): Promise<LockedSendState | null> {
  const [row] = await tx
    .select({
      lead: leads,
      campaignStatus: campaigns.status,
      campaignName: campaigns.name,
      accountStatus: linkedinAccounts.status,
      pausedReason: linkedinAccounts.pausedReason,
      cooldownUntil: linkedinAccounts.cooldownUntil,
      schedulerRunning: sql<boolean>`coalesce((select running from automation_state where key = 'scheduler'), true)`,
      action: sql<LockedSendState['action']>`(select json_build_object('id', o.id, 'status', o.status, 'revision', o.revision, 'renderedText', o.rendered_text, 'claimedAt', o.claimed_at) from outbound_actions o where o.id = ${actionId})`,
      personReplied: sql<boolean>`exists (
        select 1 from leads p join events e on e.lead_id = p.id and e.type = 'message_received'
         where p.client_id = ${leads.clientId}
           and (p.id = ${leads.id}
             or (${leads.providerId} is not null and p.provider_id = ${leads.providerId})
             or (${leads.publicIdentifier} is not null and p.public_identifier = ${leads.publicIdentifier})))`,
    })
    .from(leads)
    .innerJoin(campaigns, eq(campaigns.id, leads.campaignId))
    .innerJoin(linkedinAccounts, eq(linkedinAccounts.id, campaigns.linkedinAccountId))
    .where(eq(leads.id, leadId))
    .for('no key update', { of: leads });
  if (!row) return null;
  const action = row.action ? { ...row.action, claimedAt: row.action.claimedAt ? new Date(row.action.claimedAt) : null } : null;
  return {
    lead: row.lead,
    campaignStatus: row.campaignStatus,
    campaignName: row.campaignName,
    account: { status: row.accountStatus, pausedReason: row.pausedReason, cooldownUntil: row.cooldownUntil },
    schedulerRunning: row.schedulerRunning,
    action,
    personReplied: row.personReplied,
  };
}

/**
 * The claim: queued → sending (or a re-claim of a `sending` row after a reconcile found nothing
 * sent), with the rendered text. Committed on its own before Unipile is called, so a crash during
 * the call leaves a row that says "maybe sent".
 */
export async function claimAction(tx: DbOrTx, actionId: string, revision: number, renderedText: string | null): Promise<boolean> {
  const rows = await tx
    .update(outboundActions)
    .set({ status: 'sending', renderedText, claimedAt: new Date(), attempts: sql`${outboundActions.attempts} + 1`, updatedAt: new Date() })
    .where(and(eq(outboundActions.id, actionId), eq(outboundActions.revision, revision), sql`${outboundActions.status} in ('queued', 'sending')`))
    .returning({ id: outboundActions.id });
  return rows.length > 0;
}

/** Creates the action row when a job arrives without one (enqueued by hand or by an older sequencer). */
export async function ensureActionRow(
  db: DbOrTx,
  input: { clientId: string; campaignId: string; leadId: string; linkedinAccountId: string; step: number; action: OutboundAction['action']; jobId: string },
): Promise<OutboundAction> {
  await db.insert(outboundActions).values({ ...input, status: 'queued' }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(outboundActions)
    .where(and(eq(outboundActions.leadId, input.leadId), eq(outboundActions.step, input.step), eq(outboundActions.action, input.action)))
    .limit(1);
  if (!row) throw new Error(`outbound action for lead ${input.leadId} step ${input.step} vanished`);
  return row;
}
