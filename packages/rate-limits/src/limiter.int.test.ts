import { createDatabase, type Database } from '@outreach/db';
import { insertTenant, testDatabaseUrl, testRedisUrl, uniquePrefix } from '@outreach/testing';
import { Redis } from 'ioredis';
import { createRateLimiter, rateKeyPrefix, type RateLimiter } from './limiter';
import { SAFETY_CEILINGS } from './safety';
import type { RateAccount, TakeResult } from './types';
import { localDay } from './days';
import { reserveUsage } from './usage-store';

const prefix = uniquePrefix();
let database: Database;
const connections: Redis[] = [];
let limiter: RateLimiter;

const connect = (): Redis => {
  const redis = new Redis(testRedisUrl());
  connections.push(redis);
  return redis;
};
// These tests exercise the mechanics with spacing 0 and large caps: the safety ceilings have their own test.
const newLimiter = () => createRateLimiter({ redis: connect(), db: database.db, prefix, ceilings: null });

beforeAll(() => {
  database = createDatabase(testDatabaseUrl(), { max: 4 });
  limiter = newLimiter();
});
afterAll(async () => {
  await flushPrefix();
  await Promise.all(connections.map((c) => c.quit()));
  await database.close();
});

/** Loses this file's counters the way a Redis restart would, without touching other test files' keys. */
async function flushPrefix(): Promise<void> {
  const redis = connections[0] as Redis;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${rateKeyPrefix(prefix)}:*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function newAccount(overrides: Partial<RateAccount> = {}): Promise<RateAccount> {
  const { account } = await insertTenant(database.db, { minActionSpacingSeconds: 0, maxActionSpacingSeconds: 0 });
  return { ...account, ...overrides };
}

const at = (iso: string) => new Date(iso);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

async function takeMany(
  l: RateLimiter,
  account: RateAccount,
  n: number,
  now: Date,
  action: 'invite' | 'message' = 'invite',
): Promise<TakeResult[]> {
  const results: TakeResult[] = [];
  for (let i = 0; i < n; i += 1) results.push(await l.take(account, action, now));
  return results;
}

describe('take: the daily cap', () => {
  it('lets exactly 25 of 200 concurrent takes from 8 connections through; the rest wait for local midnight', async () => {
    const account = await newAccount({ timezone: 'America/Los_Angeles', dailyInviteLimit: 25 });
    const limiters = Array.from({ length: 8 }, newLimiter);
    const now = at('2030-01-15T18:00:00Z'); // 10:00 PST
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (limiters[i % 8] as RateLimiter).take(account, 'invite', now)));
    expect(results.filter((r) => r.ok)).toHaveLength(25);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(175);
    for (const r of refused) expect(r).toEqual({ ok: false, reason: 'daily_cap', retryAt: at('2030-01-16T08:00:00Z') });
    expect((await limiter.usage(account, now)).invite).toEqual({ today: 25, cap: 25 });
  });

  it('counts each action against its own cap', async () => {
    const account = await newAccount({ dailyInviteLimit: 1, dailyMessageLimit: 2 });
    const now = at('2030-02-01T12:00:00Z');
    expect((await takeMany(limiter, account, 2, now, 'invite')).map((r) => r.ok)).toEqual([true, false]);
    expect((await takeMany(limiter, account, 3, now, 'message')).map((r) => r.ok)).toEqual([true, true, false]);
  });

  it('enforces the warm-up ramp', async () => {
    const account = await newAccount({ createdAt: at('2030-03-01T09:00:00Z'), warmupStartLimit: 2, warmupDays: 4, dailyInviteLimit: 10 });
    expect((await takeMany(limiter, account, 3, at('2030-03-01T12:00:00Z'))).filter((r) => r.ok)).toHaveLength(2);
    expect((await takeMany(limiter, account, 6, at('2030-03-03T12:00:00Z'))).filter((r) => r.ok)).toHaveLength(6); // 2 + floor(8*2/4)
    expect((await limiter.usage(account, at('2030-03-03T12:00:00Z'))).invite).toEqual({ today: 6, cap: 6 });
  });
});

describe('take: local day boundaries', () => {
  it.each([
    // zone, 23:59 local, 00:01 local the next day, midnight between them
    ['Asia/Kolkata', '2030-03-10T18:29:00Z', '2030-03-10T18:31:00Z', '2030-03-10T18:30:00Z', '2030-03-10'],
    // 10 March 2030 is the day DST starts there: a 23-hour day ending at 07:00Z.
    ['America/Los_Angeles', '2030-03-11T06:59:00Z', '2030-03-11T07:01:00Z', '2030-03-11T07:00:00Z', '2030-03-10'],
  ])('in %s a take at 23:59 and one at 00:01 count on different days', async (timezone, before, after, midnight, firstDay) => {
    const account = await newAccount({ timezone, dailyInviteLimit: 1 });
    expect(await limiter.take(account, 'invite', at(before))).toEqual({ ok: true, day: firstDay });
    expect(await limiter.take(account, 'invite', plus(at(before), 30_000))).toEqual({
      ok: false,
      reason: 'daily_cap',
      retryAt: at(midnight),
    });
    const next = await limiter.take(account, 'invite', at(after));
    expect(next.ok).toBe(true);
    expect(next.ok && next.day).not.toBe(firstDay);
  });
});

describe('take: spacing', () => {
  it('keeps successive takes 200–400 ms apart and names the next allowed instant', async () => {
    const account = await newAccount({ minActionSpacingSeconds: 0.2, maxActionSpacingSeconds: 0.4, dailyMessageLimit: 1000 });
    let previous = at('2030-04-01T10:00:00Z');
    expect((await limiter.take(account, 'message', previous)).ok).toBe(true);
    const gaps: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      // A different action inside the gap is refused too: spacing is per account.
      const early = await limiter.take(account, i % 2 ? 'invite' : 'message', plus(previous, 150));
      if (early.ok) throw new Error('a take inside the gap went through');
      expect(early.reason).toBe('spacing');
      const gap = early.retryAt.getTime() - previous.getTime();
      expect(gap).toBeGreaterThanOrEqual(200);
      expect(gap).toBeLessThanOrEqual(400);
      expect((await limiter.take(account, 'message', plus(early.retryAt, -1))).ok).toBe(false);
      expect((await limiter.take(account, 'message', early.retryAt)).ok).toBe(true);
      gaps.push(gap);
      previous = early.retryAt;
    }
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it('refuses every take while a call is in flight, then holds the gap from the call’s end', async () => {
    const account = await newAccount({ minActionSpacingSeconds: 0.2, maxActionSpacingSeconds: 0.2, dailyMessageLimit: 1000 });
    const start = at('2030-04-02T10:00:00Z');
    expect((await limiter.take(account, 'message', start, { callInFlightMs: 30_000 })).ok).toBe(true);
    // The call has not ended 300 ms later (a slow claim): the next take waits for it.
    expect(await limiter.take(account, 'message', plus(start, 300), { callInFlightMs: 30_000 })).toMatchObject({
      ok: false,
      reason: 'spacing',
    });
    // It ended at +400: the next action waits until 200 ms after that.
    await limiter.endCall(account, plus(start, 400));
    expect(await limiter.take(account, 'message', plus(start, 450))).toEqual({ ok: false, reason: 'spacing', retryAt: plus(start, 600) });
    expect((await limiter.take(account, 'message', plus(start, 600), { callInFlightMs: 30_000 })).ok).toBe(true);
    // A take whose call never happened gives the account back at once, without a new gap.
    await limiter.endCall(account, null);
    expect((await limiter.take(account, 'message', plus(start, 800))).ok).toBe(true);
  });

  it('restores a lower bound on spacing from Postgres after a flush', async () => {
    const account = await newAccount({ minActionSpacingSeconds: 60, maxActionSpacingSeconds: 60 });
    const now = new Date();
    const taken = await limiter.take(account, 'invite', now);
    if (!taken.ok) throw new Error('first take refused');
    const reservedAt = Date.now();
    expect(await reserveUsage(database.db, account, 'invite', taken.day)).toBe(true);
    await flushPrefix();
    const again = await limiter.take(account, 'invite', plus(now, 1000));
    expect(again).toMatchObject({ ok: false, reason: 'spacing' });
    expect(!again.ok && again.retryAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + 60_000);
    expect(!again.ok && again.retryAt.getTime()).toBeLessThanOrEqual(reservedAt + 60_000 + 5_000);
  });
});

describe('take: the weekly invite cap', () => {
  it('holds the rolling sum of today and the six previous local days', async () => {
    const account = await newAccount({ timezone: 'Europe/London', dailyInviteLimit: 5, weeklyInviteLimit: 8 });
    const day = (n: number) => at(`2030-05-${String(n).padStart(2, '0')}T10:00:00Z`);
    expect((await takeMany(limiter, account, 5, day(1))).filter((r) => r.ok)).toHaveLength(5);
    const second = await takeMany(limiter, account, 5, day(3));
    expect(second.filter((r) => r.ok)).toHaveLength(3);
    expect(second[3]).toEqual({ ok: false, reason: 'weekly_cap', retryAt: at('2030-05-03T23:00:00Z') }); // BST midnight
    expect((await limiter.take(account, 'invite', day(7))).ok).toBe(false); // window 1–7 still holds 8
    const afterFirstDayLeaves = await takeMany(limiter, account, 6, day(8)); // window 2–8 holds 3
    expect(afterFirstDayLeaves.filter((r) => r.ok)).toHaveLength(5);
    expect(afterFirstDayLeaves[5]).toMatchObject({ ok: false, reason: 'daily_cap' });
    expect(await limiter.usage(account, day(8))).toMatchObject({ invite: { today: 5, cap: 5 }, weekInvites: 8, weeklyInviteLimit: 8 });
    // Messages are not invites: the weekly cap leaves them alone.
    expect((await limiter.take(account, 'message', day(8))).ok).toBe(true);
  });
});

describe('rebuilding lost counters from rate_usage', () => {
  it('continues from the Postgres count after the prefix is flushed', async () => {
    const account = await newAccount({ dailyInviteLimit: 12 });
    const now = new Date();
    const day = localDay(now, account.timezone);
    for (let i = 0; i < 10; i += 1) expect(await reserveUsage(database.db, account, 'invite', day)).toBe(true);
    await flushPrefix();
    const results = await takeMany(limiter, account, 3, now);
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect((await limiter.usage(account, now)).invite.today).toBe(12);
  });

  it('agrees when two limiters rebuild at once', async () => {
    const account = await newAccount({ dailyInviteLimit: 30, dailyMessageLimit: 30 });
    const now = new Date();
    const day = localDay(now, account.timezone);
    for (let i = 0; i < 10; i += 1) await reserveUsage(database.db, account, 'invite', day);
    await reserveUsage(database.db, account, 'message', day);
    await flushPrefix();
    const [a, b] = [newLimiter(), newLimiter()];
    const results = await Promise.all([
      a.take(account, 'invite', now),
      b.take(account, 'invite', now),
      a.usage(account, now),
      b.usage(account, now),
    ]);
    expect(results.slice(0, 2)).toEqual([
      { ok: true, day },
      { ok: true, day },
    ]);
    const [usageA, usageB] = await Promise.all([a.usage(account, now), b.usage(account, now)]);
    expect(usageA).toEqual(usageB);
    expect(usageA).toMatchObject({ invite: { today: 12 }, message: { today: 1 }, weekInvites: 12 });
  });

  it('rebuilds for usage() too, over the whole week', async () => {
    const account = await newAccount();
    const now = new Date();
    const today = localDay(now, account.timezone);
    const sixDaysAgo = localDay(new Date(now.getTime() - 6 * 86_400_000), account.timezone);
    const eightDaysAgo = localDay(new Date(now.getTime() - 8 * 86_400_000), account.timezone);
    for (const day of [today, sixDaysAgo, sixDaysAgo, eightDaysAgo]) await reserveUsage(database.db, account, 'invite', day);
    await flushPrefix();
    expect(await newLimiter().usage(account, now)).toMatchObject({ invite: { today: 1, cap: 25 }, weekInvites: 3, weeklyInviteLimit: 100 });
  });
});

describe('refund', () => {
  it('gives one token back without going below zero', async () => {
    const account = await newAccount({ dailyInviteLimit: 2 });
    const now = at('2030-06-01T12:00:00Z');
    const [first] = await takeMany(limiter, account, 3, now);
    expect((await limiter.take(account, 'invite', now)).ok).toBe(false);
    await limiter.refund(account, 'invite', first && first.ok ? first.day : '');
    expect((await limiter.take(account, 'invite', now)).ok).toBe(true);
    expect((await limiter.usage(account, now)).invite.today).toBe(2);
    await limiter.refund(account, 'message', '2030-06-01');
    expect((await limiter.usage(account, now)).message.today).toBe(0);
  });
});

describe('safety ceilings', () => {
  it('hold an account to the ceilings whatever its row says', async () => {
    const safe = createRateLimiter({ redis: connect(), db: database.db, prefix });
    const account = await newAccount({
      dailyInviteLimit: 100_000,
      weeklyInviteLimit: 100_000,
      minActionSpacingSeconds: 0,
      maxActionSpacingSeconds: 0,
    });
    const now = new Date('2026-03-04T10:00:00Z');
    expect(await safe.take(account, 'invite', now)).toMatchObject({ ok: true });
    const next = await safe.take(account, 'invite', new Date(now.getTime() + 1000));
    expect(next).toMatchObject({ ok: false, reason: 'spacing' });
    expect((next as { retryAt: Date }).retryAt.getTime()).toBe(now.getTime() + SAFETY_CEILINGS.minSpacingSeconds * 1000);
    const usage = await safe.usage(account, now);
    expect(usage.invite.cap).toBe(SAFETY_CEILINGS.dailyInvites);
    expect(usage.weeklyInviteLimit).toBe(SAFETY_CEILINGS.weeklyInvites);
  });
});
