import { randomInt } from 'node:crypto';
import { clients, leads, runMigrations, webhookDeliveries, createDatabase, type Database } from '@outreach/db';
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { fakeProviderId, insertAccount, insertCampaign, insertClient } from '@outreach/testing';
import type { BenchAccount, BenchLead } from './payloads';

export interface Tenant {
  clientId: string;
  campaignId: string;
  account: BenchAccount;
}

const BATCH = 1000;

/** Creates and migrates the bench database, then opens a small pool on it. */
export async function openBenchDatabase(url: string): Promise<Database> {
  await runMigrations(url);
  return createDatabase(url, { max: 4 });
}

/** A client with one LinkedIn account (own provider id known, so direction needs no Unipile call) and one active campaign. */
export async function seedTenant(database: Database, runId: string): Promise<Tenant> {
  const account = { unipileAccountId: `bench-acc-${runId}`, providerUserId: fakeProviderId() };
  const client = await insertClient(database.db, { name: `bench-${runId}` });
  const row = await insertAccount(database.db, client.id, { ...account, name: `Bench sender ${runId}` });
  const campaign = await insertCampaign(database.db, client.id, row.id, { name: `bench-${runId}` });
  return { clientId: client.id, campaignId: campaign.id, account };
}

/** Inserts `count` leads that were messaged and await a reply, each with its own provider id. */
export async function seedLeads(database: Database, tenant: Tenant, count: number): Promise<BenchLead[]> {
  const made: BenchLead[] = Array.from({ length: count }, (_, i) => ({
    providerId: fakeProviderId(),
    memberId: String(100_000_000 + randomInt(800_000_000)),
    firstName: 'Bench',
    lastName: `Lead ${i}`,
  }));
  for (let start = 0; start < made.length; start += BATCH) {
    const rows = made.slice(start, start + BATCH).map((l) => ({
      clientId: tenant.clientId,
      campaignId: tenant.campaignId,
      firstName: l.firstName,
      lastName: l.lastName,
      providerId: l.providerId,
      memberId: l.memberId,
      status: 'messaged' as const,
      currentStep: 1,
      lastStepSentAt: new Date(),
    }));
    await database.db.insert(leads).values(rows);
  }
  return made;
}

/**
 * Reclaims the dead rows earlier runs left and refreshes planner statistics for the seeded rows.
 * Postgres on these machines runs with autovacuum off, so without this every run is slower than the
 * last (hundreds of MB of dead leads and deliveries pile up in `outreach_bench`).
 */
export async function vacuumBenchTables(database: Database): Promise<void> {
  await database.sql.unsafe(
    'vacuum (analyze) leads, webhook_deliveries, messages, events, outbound_actions, linkedin_accounts, campaigns, clients',
  );
}

/** How many of the given deliveries reply-matcher has finished (any outcome). */
export async function countProcessed(database: Database, account: BenchAccount): Promise<number> {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.unipileAccountId, account.unipileAccountId), isNotNull(webhookDeliveries.processedAt)));
  return row?.n ?? 0;
}

export interface DeliveryTimes {
  deliveryKey: string;
  outcome: string;
  receivedAt: Date;
  processedAt: Date | null;
}

/** Ingest receipt and matcher finish times of the given delivery keys. */
export async function loadDeliveryTimes(database: Database, keys: string[]): Promise<DeliveryTimes[]> {
  const out: DeliveryTimes[] = [];
  for (let start = 0; start < keys.length; start += BATCH) {
    const rows = await database.db
      .select({
        deliveryKey: webhookDeliveries.deliveryKey,
        outcome: webhookDeliveries.outcome,
        receivedAt: webhookDeliveries.receivedAt,
        processedAt: webhookDeliveries.processedAt,
      })
      .from(webhookDeliveries)
      .where(inArray(webhookDeliveries.deliveryKey, keys.slice(start, start + BATCH)));
    out.push(...rows);
  }
  return out;
}

/** Removes everything this run wrote: its deliveries, then the client (cascades to account, campaign, leads, events, messages). */
export async function deleteTenant(database: Database, tenant: Tenant): Promise<void> {
  await database.db.delete(webhookDeliveries).where(eq(webhookDeliveries.unipileAccountId, tenant.account.unipileAccountId));
  await database.db.delete(clients).where(eq(clients.id, tenant.clientId));
}
