import { findReplyEvent, finishDelivery, recordDeliveryError, storeDelivery, type WebhookDelivery } from '@outreach/db';
import { enqueue, notifyReplyJob, type ProcessDeliveryPayload } from '@outreach/queues';
import { normalizeAccountStatus, normalizeMessagingWebhook, normalizeNewRelation } from '@outreach/unipile';
import type { MatcherDeps } from '../deps';
import { handleAccountStatus } from '../matching/handle-account-status';
import { handleMessage, type MessageOutcome } from '../matching/handle-message';
import { handleRelation } from '../matching/handle-relation';
import { retuneReplyPoller } from './sync-reply-pollers';

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** The columns of a delivery row that come straight from its body, for lookups in diagnostics. */
function deliveryColumns(payload: ProcessDeliveryPayload) {
  const b = (typeof payload.body === 'object' && payload.body !== null ? payload.body : {}) as Record<string, unknown>;
  const status = (typeof b.AccountStatus === 'object' && b.AccountStatus !== null ? b.AccountStatus : {}) as Record<string, unknown>;
  return {
    event: str(b.event) ?? (payload.kind === 'account_status' ? 'account_status' : null),
    unipileAccountId: str(b.account_id) ?? str(status.account_id),
    chatId: str(b.chat_id),
    messageId: str(b.message_id),
  };
}

/**
 * Handles one webhook delivery. The raw delivery is stored first (unique on its key), so every
 * acknowledged delivery can be inspected and replayed; a delivery already processed is a no-op.
 * A failure leaves the row `pending` with its error and the job retries the whole, idempotent path.
 */
export async function processProcessDelivery(
  deps: MatcherDeps,
  payload: ProcessDeliveryPayload,
): Promise<MessageOutcome & { duplicate: boolean }> {
  const receivedAt = new Date(payload.receivedAt);
  const stored: WebhookDelivery = await storeDelivery(deps.db, {
    deliveryKey: payload.deliveryKey,
    kind: payload.kind,
    route: payload.route,
    body: payload.body ?? null,
    receivedAt,
    ...deliveryColumns(payload),
  });
  if (stored.outcome !== 'pending') {
    // The reply and this outcome were committed together; a crash may still have come before the
    // notification was enqueued, so a repeat makes sure of it (its job id makes this a no-op otherwise).
    if (stored.outcome === 'matched') await ensureReplyNotified(deps, stored);
    deps.logger.info('delivery already processed', {
      delivery_key: payload.deliveryKey,
      outcome: stored.outcome,
      attempts: stored.attempts,
    });
    return { outcome: stored.outcome, log: {}, duplicate: true };
  }

  let result: MessageOutcome;
  try {
    result = await route(deps, payload, receivedAt, stored.id);
  } catch (err) {
    await recordDeliveryError(deps.db, stored.id, err instanceof Error ? err.message : String(err)).catch(() => undefined);
    throw err;
  }
  if (!result.finished) await finishDelivery(deps.db, stored.id, result);
  // The one line an on-call engineer needs when someone says "this reply was not detected".
  deps.logger.info('delivery processed', {
    delivery_id: stored.id,
    kind: payload.kind,
    route: payload.route,
    misrouted: isMisrouted(payload),
    outcome: result.outcome,
    match_key: result.matchKey ?? null,
    tried_keys: result.triedKeys ?? [],
    ...result.log,
  });
  return { ...result, duplicate: false };
}

async function ensureReplyNotified(deps: MatcherDeps, delivery: WebhookDelivery): Promise<void> {
  if (!delivery.leadId || !delivery.messageId || !delivery.clientId) return;
  const event = await findReplyEvent(deps.db, delivery.leadId, delivery.messageId);
  if (event) await enqueue(deps.queues, notifyReplyJob, { eventId: event.id, leadId: delivery.leadId, clientId: delivery.clientId });
}

async function route(deps: MatcherDeps, payload: ProcessDeliveryPayload, receivedAt: Date, deliveryId: string): Promise<MessageOutcome> {
  switch (payload.kind) {
    case 'messaging': {
      const msg = normalizeMessagingWebhook(payload.body, receivedAt);
      return msg
        ? handleMessage(deps, msg, 'webhook', deliveryId, receivedAt)
        : { outcome: 'ignored', log: { reason: 'messaging payload without account_id' } };
    }
    case 'users': {
      const relation = normalizeNewRelation(payload.body);
      return relation
        ? handleRelation(deps.db, relation, 'webhook', deps.queues.notifications)
        : { outcome: 'ignored', log: { reason: 'relation payload without account_id' } };
    }
    case 'account_status': {
      const change = normalizeAccountStatus(payload.body);
      if (!change) return { outcome: 'ignored', log: { reason: 'status payload without account_id or message' } };
      const result = await handleAccountStatus(deps.db, change, deps.queues.notifications);
      if (result.changedAccountId) await retuneReplyPoller(deps, result.changedAccountId);
      return result;
    }
    case 'unknown':
      return { outcome: 'ignored', log: { reason: 'unknown delivery kind' } };
  }
}

const EXPECTED_ROUTE: Record<string, string> = {
  messaging: '/api/webhooks/unipile/messaging',
  users: '/api/webhooks/unipile/users',
  account_status: '/api/webhooks/unipile/account-status',
};

/** A delivery that reached the URL of another kind: handled all the same, but worth a look at the webhook setup. */
const isMisrouted = (payload: ProcessDeliveryPayload): boolean =>
  EXPECTED_ROUTE[payload.kind] !== undefined && EXPECTED_ROUTE[payload.kind] !== payload.route;
