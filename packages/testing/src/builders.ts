import { randomUUID } from 'node:crypto';
import { campaigns, clients, leads, linkedinAccounts, type Db } from '@outreach/db';

type ClientRow = typeof clients.$inferSelect;
type AccountRow = typeof linkedinAccounts.$inferSelect;
type CampaignRow = typeof campaigns.$inferSelect;
type LeadRow = typeof leads.$inferSelect;

const suffix = () => randomUUID().slice(0, 8);

/** A fake but well-formed LinkedIn provider id, unique per call. */
export const fakeProviderId = (): string => `ACoAA${randomUUID().replace(/-/g, '').slice(0, 30)}`;

export async function insertClient(db: Db, overrides: Partial<typeof clients.$inferInsert> = {}): Promise<ClientRow> {
  const [row] = await db
    .insert(clients)
    .values({ name: `Client ${suffix()}`, ...overrides })
    .returning();
  return row as ClientRow;
}

export async function insertAccount(
  db: Db,
  clientId: string,
  overrides: Partial<typeof linkedinAccounts.$inferInsert> = {},
): Promise<AccountRow> {
  const [row] = await db
    .insert(linkedinAccounts)
    .values({ clientId, unipileAccountId: `acc_${randomUUID()}`, name: `Sender ${suffix()}`, ...overrides })
    .returning();
  return row as AccountRow;
}

export async function insertCampaign(
  db: Db,
  clientId: string,
  linkedinAccountId: string,
  overrides: Partial<typeof campaigns.$inferInsert> = {},
): Promise<CampaignRow> {
  const [row] = await db
    .insert(campaigns)
    .values({ clientId, linkedinAccountId, name: `Campaign ${suffix()}`, status: 'active', ...overrides })
    .returning();
  return row as CampaignRow;
}

export async function insertLead(
  db: Db,
  campaign: { id: string; clientId: string },
  overrides: Partial<typeof leads.$inferInsert> = {},
): Promise<LeadRow> {
  const [row] = await db
    .insert(leads)
    .values({
      clientId: campaign.clientId,
      campaignId: campaign.id,
      firstName: 'Jane',
      lastName: `Doe ${suffix()}`,
      status: 'invite_sent',
      ...overrides,
    })
    .returning();
  return row as LeadRow;
}

/** A client with one account and one active campaign: the usual starting point. */
export async function insertTenant(db: Db, accountOverrides: Partial<typeof linkedinAccounts.$inferInsert> = {}) {
  const client = await insertClient(db);
  const account = await insertAccount(db, client.id, accountOverrides);
  const campaign = await insertCampaign(db, client.id, account.id);
  return { client, account, campaign };
}
