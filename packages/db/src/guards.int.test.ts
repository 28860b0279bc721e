import { randomUUID } from 'node:crypto';
import { loadConfig } from '@outreach/config';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { createDatabase, type Database } from './client';
import { isPgError, pgErrorCode, PG_UNIQUE_VIOLATION } from './pg-errors';
import { insertEventOnce } from './queries';

// The database-level guards the platform's promises rest on: whatever the services do, Postgres
// refuses a second reply event, a second acceptance, a second action for one step and a second
// delivery, even from concurrent writers.

const { TEST_DATABASE_URL } = loadConfig(
  z.object({ TEST_DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/outreach_test') }),
);
let database: Database;
beforeAll(() => {
  database = createDatabase(TEST_DATABASE_URL, { max: 8 });
});
afterAll(() => database.close());

/** A client, an account, a campaign and a lead, written with plain SQL (this package has no builders). */
async function tenant() {
  const sql = database.sql;
  const [client] = await sql<Array<{ id: string }>>`insert into clients (name) values ('Guards') returning id`;
  const [account] = await sql<
    Array<{ id: string }>
  >`insert into linkedin_accounts (client_id, unipile_account_id, name) values (${client!.id}, ${randomUUID()}, 'Sender') returning id`;
  const [campaign] = await sql<
    Array<{ id: string }>
  >`insert into campaigns (client_id, linkedin_account_id, name) values (${client!.id}, ${account!.id}, 'Guards') returning id`;
  const [lead] = await sql<
    Array<{ id: string }>
  >`insert into leads (client_id, campaign_id, public_identifier) values (${client!.id}, ${campaign!.id}, ${`guard-${randomUUID()}`}) returning id`;
  return { clientId: client!.id, accountId: account!.id, campaignId: campaign!.id, leadId: lead!.id };
}

describe('event guards', () => {
  it('records one reply per lead and message, even from concurrent writers', async () => {
    const t = await tenant();
    const reply = {
      clientId: t.clientId,
      campaignId: t.campaignId,
      leadId: t.leadId,
      linkedinAccountId: t.accountId,
      type: 'message_received' as const,
      externalId: 'msg-1',
      occurredAt: new Date(),
      meta: {},
    };
    const created = await Promise.all(Array.from({ length: 6 }, () => insertEventOnce(database.db, reply)));
    expect(created.filter(Boolean)).toHaveLength(1);
    // Another message of the same lead is another reply.
    expect(await insertEventOnce(database.db, { ...reply, externalId: 'msg-2' })).toBe(true);
    const [row] = await database.sql<
      Array<{ n: number }>
    >`select count(*)::int as n from events where lead_id = ${t.leadId} and type = 'message_received'`;
    expect(row!.n).toBe(2);
  });

  it('records one acceptance per lead, whichever detection path comes first', async () => {
    const t = await tenant();
    const base = {
      clientId: t.clientId,
      campaignId: t.campaignId,
      leadId: t.leadId,
      linkedinAccountId: t.accountId,
      occurredAt: new Date(),
      meta: {},
    };
    expect(await insertEventOnce(database.db, { ...base, type: 'connection_accepted' })).toBe(true);
    expect(await insertEventOnce(database.db, { ...base, type: 'connection_accepted_historical' })).toBe(false);
    expect(await insertEventOnce(database.db, { ...base, type: 'connection_accepted' })).toBe(false);
  });
});

describe('action and delivery guards', () => {
  it('refuses a second action row for one lead, step and action', async () => {
    const t = await tenant();
    const insert = () => database.sql`insert into outbound_actions (client_id, campaign_id, lead_id, linkedin_account_id, step, action)
      values (${t.clientId}, ${t.campaignId}, ${t.leadId}, ${t.accountId}, 0, 'invite')`;
    await insert();
    const err = await insert().catch((e: unknown) => e);
    expect(isPgError(err, PG_UNIQUE_VIOLATION)).toBe(true);
  });

  it('stores a webhook delivery once per delivery key', async () => {
    const key = `guard-${randomUUID()}`;
    const insert = () =>
      database.sql`insert into webhook_deliveries (delivery_key, kind, route, body, received_at) values (${key}, 'messaging', 'messaging', '{}'::jsonb, now()) on conflict do nothing returning id`;
    const results = await Promise.all(Array.from({ length: 4 }, insert));
    expect(results.filter((r) => r.length === 1)).toHaveLength(1);
  });
});

describe('pgErrorCode', () => {
  it('finds the SQLSTATE through drizzle’s wrapping causes, and nothing in other errors', async () => {
    const t = await tenant();
    // drizzle wraps the postgres.js error (DrizzleQueryError → cause): the code sits one level down.
    const err = await database.db
      .execute(
        sql`insert into leads (client_id, campaign_id, public_identifier) select client_id, campaign_id, public_identifier from leads where id = ${t.leadId}`,
      )
      .catch((e: unknown) => e);
    expect(pgErrorCode(err)).toBe(PG_UNIQUE_VIOLATION);
    expect(pgErrorCode(new Error('plain', { cause: { code: 'ECONNRESET' } }))).toBeUndefined();
    expect(pgErrorCode(new Error('wrapped', { cause: new Error('inner', { cause: { code: '40P01' } }) }))).toBe('40P01');
  });
});
