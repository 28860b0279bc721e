import {
  backfillIdentifiers,
  findAcceptanceEvent,
  findAccountByUnipileId,
  findAccountLeadsBy,
  lockLead,
  transitionLead,
  updateLead,
  withoutTakenIdentifiers,
  type Db,
  type Detection,
  type Lead,
  type LinkedinAccount,
} from '@outreach/db';
import { canMarkConnected, normalizePublicIdentifier, refFromProfileUrl } from '@outreach/domain';
import { enqueue, notifyEventJob, type NamedQueue } from '@outreach/queues';
import type { NewRelation } from '@outreach/unipile';
import type { MessageOutcome } from './handle-message';

/**
 * A `new_relation`: the person accepted the account's invitation. Only leads of campaigns that this
 * account runs are concerned (a relation is between this account and the person).
 */
export async function handleRelation(
  db: Db,
  relation: NewRelation,
  detection: Detection,
  notifications?: NamedQueue<'notifications'>,
): Promise<MessageOutcome> {
  const log = {
    event: 'new_relation',
    account: relation.accountId,
    sender_id: relation.providerId,
    public_identifier: relation.publicIdentifier,
    detection,
  };
  const account = await findAccountByUnipileId(db, relation.accountId);
  if (!account) return { outcome: 'unknown_account', log };

  const publicIdentifier =
    normalizePublicIdentifier(relation.publicIdentifier) ?? refFromProfileUrl(relation.profileUrl).publicIdentifier ?? null;
  const tried = [
    ...(relation.providerId ? [{ key: 'provider_id', value: relation.providerId }] : []),
    ...(publicIdentifier ? [{ key: 'public_identifier', value: publicIdentifier }] : []),
  ];
  let leads = relation.providerId ? await findAccountLeadsBy(db, account.id, 'provider_id', [relation.providerId]) : [];
  let matchKey = 'provider_id';
  if (leads.length === 0 && publicIdentifier) {
    leads = await findAccountLeadsBy(db, account.id, 'public_identifier', [publicIdentifier]);
    matchKey = 'public_identifier';
  }
  if (leads.length === 0)
    return { outcome: 'recorded', clientId: account.clientId, triedKeys: tried, log: { ...log, tried_keys: tried, lead_id: null } };

  let connected = 0;
  for (const lead of leads) {
    if (
      await markConnected(db, account, lead.id, { providerId: relation.providerId, publicIdentifier }, detection, matchKey, notifications)
    )
      connected += 1;
  }
  const first = leads[0] as Lead;
  return {
    outcome: connected > 0 ? 'connected' : 'recorded',
    clientId: account.clientId,
    leadId: first.id,
    matchKey,
    triedKeys: tried,
    log: { ...log, match_key: matchKey, lead_id: first.id, leads_connected: connected },
  };
}

/**
 * Moves one lead to `connected` (the lifecycle's `invite_accepted`) with one `connection_accepted`
 * event, backfilling its ids. The event's unique guard makes webhook, polling and relations sync
 * agree on a single acceptance.
 * Returns whether this call connected the lead. With `notifications`, the acceptance is handed to
 * the notifier (Slack, webhooks) once the transaction has committed.
 */
export async function markConnected(
  db: Db,
  account: LinkedinAccount,
  leadId: string,
  ids: { providerId: string | null; publicIdentifier: string | null },
  detection: Detection,
  matchKey: string,
  notifications?: NamedQueue<'notifications'>,
): Promise<boolean> {
  const connected = await db.transaction(async (tx) => {
    const lead = await lockLead(tx, leadId);
    if (!lead) return false;
    const patch = await withoutTakenIdentifiers(tx, lead, backfillIdentifiers(lead, ids));
    if (!canMarkConnected(lead.status)) {
      if (Object.keys(patch).length > 0) await updateLead(tx, lead.id, patch);
      return false;
    }
    const now = new Date();
    // The sequencer snaps `next_action_at` into the campaign's working window before acting on it.
    await transitionLead(tx, lead, 'connected', 'invite_accepted', {
      accountId: account.id,
      set: { ...patch, connectedAt: now, nextActionAt: now, errorCode: null, errorMessage: null },
      event: {
        type: 'connection_accepted',
        once: true,
        meta: {
          detection,
          method: detection === 'webhook' ? 'unipile_new_relation' : 'unipile_relations',
          match_key: matchKey,
          step: lead.currentStep,
        },
      },
      at: now,
    });
    return true;
  });
  if (connected && notifications) await notifyAcceptance(db, notifications, account.clientId, leadId);
  return connected;
}

/** Enqueues `notify-event` for the lead's acceptance event (its job id makes a repeat a no-op). */
async function notifyAcceptance(db: Db, notifications: NamedQueue<'notifications'>, clientId: string, leadId: string): Promise<void> {
  const event = await findAcceptanceEvent(db, leadId);
  if (event) await enqueue({ notifications }, notifyEventJob, { eventId: event.id, clientId });
}
