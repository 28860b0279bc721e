import { randomUUID } from 'node:crypto';
import { users, type Database } from '@outreach/db';
import { insertAccount, insertCampaign, insertClient } from '@outreach/testing';

/** A client with one account, an agent, and a campaign per purpose; `remove()` deletes it all (cascade). */
export async function createBenchTenant(database: Database) {
  const { db } = database;
  const client = await insertClient(db, { name: `bench-leads ${new Date().toISOString()}` });
  const account = await insertAccount(db, client.id);
  const [agent] = await db
    .insert(users)
    // Never logs in: the bench signs its own bearer tokens, so the hash only has to be non-empty.
    .values({
      email: `bench-${randomUUID().slice(0, 8)}@bench.example`,
      role: 'agent',
      clientId: client.id,
      passwordHash: 'bench-no-login',
    })
    .returning();
  return {
    client,
    agent: agent!,
    campaign: (name: string) => insertCampaign(db, client.id, account.id, { name, status: 'active' }),
    remove: async () => {
      await database.sql`delete from clients where id = ${client.id}`;
    },
  };
}

/** A CSV of `rows` distinct people with two custom columns, like a Sales Navigator export. */
export function leadCsv(rows: number, tag: string): string {
  const lines = ['first_name,last_name,company,title,profile_url,industry,company_size'];
  for (let i = 0; i < rows; i += 1) {
    lines.push(
      `First${i},Last ${i},"Company ${i % 500}, Inc.",Head of Sales,https://www.linkedin.com/in/${tag}-person-${i}/?miniProfileUrn=urn%3Ali%3Afs_miniProfile%3A${i},Logistics,50-200`,
    );
  }
  return lines.join('\n');
}

/** The same people as a JSON body for `POST /api/campaigns/:id/leads`. */
export function leadJson(rows: number, tag: string) {
  return Array.from({ length: rows }, (_, i) => ({
    first_name: `First${i}`,
    last_name: `Last ${i}`,
    company: `Company ${i % 500}`,
    public_identifier: `${tag}-json-${i}`,
    custom_fields: { industry: 'Logistics' },
  }));
}

/**
 * Puts `total` leads into a campaign with one SQL statement per import-sized chunk: each chunk
 * shares one created_at, as a real CSV import does (one transaction, one now()), so paging must
 * tie-break on id. Statuses are spread as in a campaign some weeks old; 1% are in `error`.
 */
export async function seedLeads(
  database: Database,
  campaign: { id: string; clientId: string },
  total: number,
  chunk = 10_000,
): Promise<void> {
  for (let start = 0; start < total; start += chunk) {
    const count = Math.min(chunk, total - start);
    const hoursAgo = Math.ceil((total - start) / chunk);
    await database.sql`
      insert into leads (client_id, campaign_id, first_name, last_name, company, title, profile_url, public_identifier, custom_fields, status, created_at, updated_at)
      select ${campaign.clientId}::uuid, ${campaign.id}::uuid, 'First' || n, 'Last ' || n, 'Company ' || (n % 500), 'Head of Sales',
             'https://www.linkedin.com/in/seed-' || n, 'seed-' || n, jsonb_build_object('industry', 'Logistics'),
             (case when n % 100 = 0 then 'error' when n % 10 < 5 then 'invite_sent' when n % 10 < 7 then 'connected'
                   when n % 10 < 8 then 'messaged' when n % 10 < 9 then 'responded' else 'pending_invite' end)::lead_status,
             now() - make_interval(hours => ${hoursAgo}), now()
      from generate_series(${start + 1}::int, ${start + count}::int) as n`;
  }
  await database.sql`analyze leads`;
}
