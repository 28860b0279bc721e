import { createDatabase, rateUsage, type Database } from '@outreach/db';
import { and, eq } from 'drizzle-orm';
import { insertTenant, testDatabaseUrl } from '@outreach/testing';
import type { RateAccount, RateAction } from './types';
import { releaseUsage, reserveUsage } from './usage-store';

let database: Database;
beforeAll(() => {
  database = createDatabase(testDatabaseUrl(), { max: 4 });
});
afterAll(() => database.close());

async function newAccount(overrides: Partial<RateAccount> = {}): Promise<RateAccount> {
  const { account } = await insertTenant(database.db);
  return { ...account, ...overrides };
}

async function countOf(accountId: string, action: RateAction, day: string): Promise<number | undefined> {
  const [row] = await database.db
    .select({ count: rateUsage.count })
    .from(rateUsage)
    .where(and(eq(rateUsage.linkedinAccountId, accountId), eq(rateUsage.action, action), eq(rateUsage.day, day)));
  return row?.count;
}

/**
 * Runs `n` reserves in `n` transactions on `n` connections of their own, all open at once before
 * any of them reserves, so the only thing ordering them is Postgres.
 */
async function reserveConcurrently(n: number, account: RateAccount, action: RateAction, day: string): Promise<boolean[]> {
  const pool = createDatabase(testDatabaseUrl(), { max: n });
  try {
    let arrive!: () => void;
    const allOpen = new Promise<void>((resolve) => (arrive = resolve));
    let open = 0;
    return await Promise.all(
      Array.from({ length: n }, () =>
        pool.db.transaction(async (tx) => {
          await tx.execute('select 1');
          open += 1;
          if (open === n) arrive();
          await allOpen;
          return reserveUsage(tx, account, action, day);
        }),
      ),
    );
  } finally {
    await pool.close();
  }
}

describe('reserveUsage', () => {
  it('grants exactly the daily cap to 50 concurrent transactions on separate connections', async () => {
    const account = await newAccount({ dailyInviteLimit: 25 });
    const results = await reserveConcurrently(50, account, 'invite', '2030-01-15');
    expect(results.filter(Boolean)).toHaveLength(25);
    expect(await countOf(account.id, 'invite', '2030-01-15')).toBe(25);
  });

  it('holds the rolling weekly invite sum under concurrency', async () => {
    const account = await newAccount({ dailyInviteLimit: 25, weeklyInviteLimit: 10 });
    for (let i = 0; i < 6; i += 1) expect(await reserveUsage(database.db, account, 'invite', '2030-01-10')).toBe(true);
    const results = await reserveConcurrently(12, account, 'invite', '2030-01-16');
    expect(results.filter(Boolean)).toHaveLength(4);
    // 17 January: 10 January has left the window, so its six come back.
    const next = [];
    for (let i = 0; i < 7; i += 1) next.push(await reserveUsage(database.db, account, 'invite', '2030-01-17'));
    expect(next.filter(Boolean)).toHaveLength(6);
  });

  it('leaves messages out of the weekly invite sum', async () => {
    const account = await newAccount({ dailyMessageLimit: 3, weeklyInviteLimit: 1 });
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await reserveUsage(database.db, account, 'message', '2030-01-15'));
    expect(results).toEqual([true, true, true, false]);
  });

  it('follows the warm-up cap of the day and refuses everything at a cap of 0', async () => {
    const warm = await newAccount({ createdAt: new Date('2030-01-01T12:00:00Z'), warmupStartLimit: 2, warmupDays: 5 });
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await reserveUsage(database.db, warm, 'invite', '2030-01-01'));
    expect(results).toEqual([true, true, false]);
    const closed = await newAccount({ dailyProfileViewLimit: 0 });
    expect(await reserveUsage(database.db, closed, 'profile_view', '2030-01-01')).toBe(false);
    expect(await countOf(closed.id, 'profile_view', '2030-01-01')).toBeUndefined();
  });

  it('rolls back with the transaction that reserved', async () => {
    const account = await newAccount();
    await expect(
      database.db.transaction(async (tx) => {
        expect(await reserveUsage(tx, account, 'invite', '2030-01-15')).toBe(true);
        throw new Error('send abandoned');
      }),
    ).rejects.toThrow('send abandoned');
    expect(await countOf(account.id, 'invite', '2030-01-15')).toBeUndefined();
  });
});

describe('releaseUsage', () => {
  it('decrements one reservation and never goes below zero', async () => {
    const account = await newAccount({ dailyInviteLimit: 2 });
    await reserveUsage(database.db, account, 'invite', '2030-01-15');
    await reserveUsage(database.db, account, 'invite', '2030-01-15');
    expect(await reserveUsage(database.db, account, 'invite', '2030-01-15')).toBe(false);
    await releaseUsage(database.db, account.id, 'invite', '2030-01-15');
    expect(await countOf(account.id, 'invite', '2030-01-15')).toBe(1);
    expect(await reserveUsage(database.db, account, 'invite', '2030-01-15')).toBe(true);
    for (let i = 0; i < 3; i += 1) await releaseUsage(database.db, account.id, 'invite', '2030-01-15');
    expect(await countOf(account.id, 'invite', '2030-01-15')).toBe(0);
    await releaseUsage(database.db, account.id, 'message', '2030-01-15');
    expect(await countOf(account.id, 'message', '2030-01-15')).toBeUndefined();
  });
});
