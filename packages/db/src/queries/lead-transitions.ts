import { assertLeadTransition, type LeadStatus, type LeadTransitionReason } from '@outreach/domain';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { events, leads, type EventType } from '../schema';
import { insertEvent } from './events';

/*
 * The one place a lead's status is written. Invariant: a status changes only along a transition the
 * table in @outreach/domain (`LEAD_TRANSITIONS`) allows, only from the status the caller decided
 * on (the write is guarded by it, so a decision taken on a stale read changes nothing rather than
 * overwriting a newer status, a reply above all), and always with exactly one event whose meta
 * carries `from`, `to` and `reason`. That event is `lead_status_changed`, or the action's own
 * event when the change is an action's outcome (`message_sent`, `connection_request_sent`,
 * `invite_withdrawn`, `connection_accepted`, `message_received`, the failed events): one action,
 * one event. Cold paths call `transitionLead`; the hot one-statement paths (a reply, a sent step,
 * a sequencer batch) check the same table in JavaScript and embed `leadTransitionSql` /
 * `transitionMeta` in their statement, so the lifecycle costs them no round trip.
 */

/** A lead as its caller read it: under its row lock wherever the decision must be exact. */
export interface LeadInState {
  id: string;
  clientId: string;
  campaignId: string;
  status: LeadStatus;
}

/** Columns written together with a status change; the status itself is never part of a patch. */
export type LeadPatch = Omit<Partial<typeof leads.$inferInsert>, 'id' | 'clientId' | 'campaignId' | 'status' | 'createdAt'>;

export interface TransitionOptions {
  /** The LinkedIn account the event is recorded under (the campaign's). */
  accountId: string | null;
  /** Columns written with the status (timestamps, step, stop reason, error fields). */
  set?: LeadPatch;
  /** The action's own event instead of `lead_status_changed`; `once` inserts it unless its unique guard holds one. */
  event?: { type: EventType; meta?: Record<string, unknown>; externalId?: string | null; once?: boolean };
  /** Extra meta for `lead_status_changed` (who asked, which lead replied...). */
  meta?: Record<string, unknown>;
  at?: Date;
}

export interface TransitionResult {
  /** False when the lead was no longer in the status the caller read: nothing was written. */
  changed: boolean;
  /** The lead as written, when it changed. */
  lead: typeof leads.$inferSelect | null;
  /** The event written, null when none (not changed, or a `once` event that already existed). */
  eventId: number | null;
}

/** The keys every status-changing event carries in its meta. */
export function transitionMeta(
  from: LeadStatus,
  to: LeadStatus,
  reason: LeadTransitionReason,
): { from: LeadStatus; to: LeadStatus; reason: LeadTransitionReason } {
  return { from, to, reason };
}

/**
 * Moves a lead from the status it was read in to `to`, for `reason`, with its one event, in the
 * caller's transaction. Throws `IllegalLeadTransitionError` (naming both statuses) when the table
 * does not allow it; changes nothing and returns `changed: false` when the row is no longer in
 * `lead.status`.
 */
export async function transitionLead(
  tx: DbOrTx,
  lead: LeadInState,
  to: LeadStatus,
  reason: LeadTransitionReason,
  opts: TransitionOptions,
): Promise<TransitionResult> {
  assertLeadTransition(lead.status, to, reason);
  const at = opts.at ?? new Date();
  const [row] = await tx
    .update(leads)
    .set({ ...opts.set, status: to, updatedAt: at })
    .where(and(eq(leads.id, lead.id), eq(leads.status, lead.status)))
    .returning();
  if (!row) return { changed: false, lead: null, eventId: null };
  const event = {
    clientId: lead.clientId,
    campaignId: lead.campaignId,
    leadId: lead.id,
    linkedinAccountId: opts.accountId,
    type: opts.event?.type ?? 'lead_status_changed',
    externalId: opts.event?.externalId ?? null,
    occurredAt: at,
    meta: { ...opts.meta, ...opts.event?.meta, ...transitionMeta(lead.status, to, reason) },
  };
  if (!opts.event?.once) return { changed: true, lead: row, eventId: await insertEvent(tx, event) };
  const [inserted] = await tx.insert(events).values(event).onConflictDoNothing().returning({ id: events.id });
  return { changed: true, lead: row, eventId: inserted?.id ?? null };
}

/**
 * The SQL parts of a transition embedded in a larger statement (the hot paths), after checking it
 * against the table: `set` writes the status, `guard` (for the `where` of the leads update) keeps
 * the write to a lead still in `from`, `meta` goes into the event the statement inserts.
 */
export function leadTransitionSql(
  from: LeadStatus,
  to: LeadStatus,
  reason: LeadTransitionReason,
): { set: SQL; guard: SQL; meta: ReturnType<typeof transitionMeta> } {
  assertLeadTransition(from, to, reason);
  return { set: sql`status = ${to}::lead_status`, guard: sql`status = ${from}::lead_status`, meta: transitionMeta(from, to, reason) };
}
