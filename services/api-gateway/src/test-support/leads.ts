import { leads } from '@outreach/db';
import { eq } from 'drizzle-orm';
import { insertClient, insertTenant } from '@outreach/testing';
import type { GatewayHarness } from './harness';

/**
 * A client with an account and an active campaign, its agent and viewer, and an agent of another
 * client (for tenant-isolation checks).
 */
export async function leadTenant(g: GatewayHarness) {
  const { client, account, campaign } = await insertTenant(g.database.db);
  const agent = await g.createUser('agent', client.id);
  const viewer = await g.createUser('viewer', client.id);
  const stranger = await g.createUser('agent', (await insertClient(g.database.db)).id);
  return { client, account, campaign, agent, viewer, stranger };
}

export type LeadTenant = Awaited<ReturnType<typeof leadTenant>>;

/** The leads of a campaign as stored, oldest first. */
export async function storedLeads(g: GatewayHarness, campaignId: string) {
  return g.database.db.select().from(leads).where(eq(leads.campaignId, campaignId)).orderBy(leads.createdAt, leads.publicIdentifier);
}

/** A CSV with the standard header (plus `extra` columns) and the given rows. */
export const csv = (rows: string[], extra: string[] = []): string =>
  [['first_name', 'last_name', 'company', 'title', 'profile_url', ...extra].join(','), ...rows].join('\n');
