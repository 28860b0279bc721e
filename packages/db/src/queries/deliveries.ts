import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../client';
import { oncePerDb } from './prepared';
import { webhookDeliveries, type DeliveryOutcome } from '../schema';

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

export interface NewDelivery {
  deliveryKey: string;
  kind: string;
  event: string | null;
  route: string;
  unipileAccountId: string | null;
  chatId: string | null;
  messageId: string | null;
  body: unknown;
  receivedAt: Date;
}

/**
 * Stores a delivery once (unique on its key) and returns the stored row with the attempt counted,
 * whether this call inserted it or an earlier one (a Unipile retry, a re-run job) did.
 */
export async function storeDelivery(db: Db, delivery: NewDelivery): Promise<WebhookDelivery> {
  const [row] = await preparedStoreDelivery(db).execute({ ...delivery, body: delivery.body ?? null });
  if (!row) throw new Error(`delivery ${delivery.deliveryKey} was neither inserted nor found`);
  return row;
}

// The first statement of every delivery: built once per pool instead of once per delivery.
const preparedStoreDelivery = oncePerDb((db) =>
  db
    .insert(webhookDeliveries)
    .values({
      deliveryKey: sql.placeholder('deliveryKey'),
      kind: sql.placeholder('kind'),
      event: sql.placeholder('event'),
      route: sql.placeholder('route'),
      unipileAccountId: sql.placeholder('unipileAccountId'),
      chatId: sql.placeholder('chatId'),
      messageId: sql.placeholder('messageId'),
      body: sql.placeholder('body'),
      receivedAt: sql.placeholder('receivedAt'),
      attempts: 1,
    })
    .onConflictDoUpdate({ target: webhookDeliveries.deliveryKey, set: { attempts: sql`${webhookDeliveries.attempts} + 1` } })
    .returning()
    .prepare('store_delivery'),
);

export interface DeliveryResult {
  outcome: DeliveryOutcome;
  clientId?: string | null;
  leadId?: string | null;
  matchKey?: string | null;
  triedKeys?: Array<{ key: string; value: string }>;
}

/** Records how a delivery was handled; the row is then what diagnostics show. */
export async function finishDelivery(db: DbOrTx, id: string, result: DeliveryResult): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      outcome: result.outcome,
      processedAt: new Date(),
      clientId: result.clientId ?? null,
      leadId: result.leadId ?? null,
      matchKey: result.matchKey ?? null,
      triedKeys: result.triedKeys ?? [],
      lastError: null,
    })
    .where(eq(webhookDeliveries.id, id));
}

/** Keeps the last processing error on the row while the job retries. */
export async function recordDeliveryError(db: DbOrTx, id: string, error: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ lastError: error.slice(0, 2000) })
    .where(eq(webhookDeliveries.id, id));
}
